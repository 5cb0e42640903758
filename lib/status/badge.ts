import type { OverallState } from "./types";

/** One colour per state, shared by the page, the badge and the favicon. */
export const STATE_COLOURS: Record<OverallState, string> = {
  operational: "#16a34a",
  degraded_performance: "#ca8a04",
  partial_outage: "#ea580c",
  major_outage: "#dc2626",
  under_maintenance: "#2563eb",
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Rough width of Verdana 11px text, as shields.io-style badges size their halves. */
function textWidth(text: string): number {
  return Math.round(text.length * 6.6 + 10);
}

/** A "status | All systems operational" badge for READMEs and wikis. */
export function renderBadge(state: OverallState, headline: string, label = "status"): string {
  const left = textWidth(label);
  const right = textWidth(headline);
  const width = left + right;
  const colour = STATE_COLOURS[state];
  const l = escapeXml(label);
  const r = escapeXml(headline.toLowerCase());
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${l}: ${r}"><title>${l}: ${r}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${colour}"/><rect width="${width}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${left / 2}" y="14">${l}</text><text x="${left + right / 2}" y="14">${r}</text></g></svg>`;
}

/** A filled circle in the state's colour, with a mark that does not rely on colour alone. */
export function renderFavicon(state: OverallState): string {
  const colour = STATE_COLOURS[state];
  const mark: Record<OverallState, string> = {
    operational: `<path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>`,
    degraded_performance: `<path d="M16 8v10" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/><circle cx="16" cy="23.5" r="2.2" fill="#fff"/>`,
    partial_outage: `<path d="M16 8v10" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/><circle cx="16" cy="23.5" r="2.2" fill="#fff"/>`,
    major_outage: `<path d="M10.5 10.5l11 11M21.5 10.5l-11 11" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/>`,
    under_maintenance: `<path d="M10 16h12" stroke="#fff" stroke-width="3.5" stroke-linecap="round"/>`,
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><circle cx="16" cy="16" r="15" fill="${colour}"/>${mark[state]}</svg>`;
}
