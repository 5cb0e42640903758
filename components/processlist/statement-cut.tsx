export interface StatementCutProps {
  /** The full statement's length, present when the console holds only its start. */
  infoLength?: number;
  testId?: string;
}

/** Says that a statement shown is only its start (the console holds the first 16 KiB). */
export function StatementCut({ infoLength, testId = "process-query-cut" }: StatementCutProps) {
  if (infoLength === undefined) return null;
  return (
    <p className="mt-0.5 text-xs text-amber-300" data-testid={testId}>
      cut: only the start of a {infoLength.toLocaleString("en-US")}-character statement is shown
    </p>
  );
}
