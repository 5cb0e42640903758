import { describe, expect, it } from "vitest";
import { safeHref } from "./safe-href";

describe("safeHref", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeHref("/failover")).toEqual({ href: "/failover", external: false });
    expect(safeHref(" /processlist?kind=client#writers ")).toEqual({ href: "/processlist?kind=client#writers", external: false });
  });

  it("keeps an http(s) URL as an external link", () => {
    expect(safeHref("https://mariadb.com/kb/en/start-replica/")).toEqual({ href: "https://mariadb.com/kb/en/start-replica/", external: true });
    expect(safeHref("HTTP://example.org")).toEqual({ href: "http://example.org/", external: true });
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0000javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "mailto:oncall@example.org",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    "https://user:pass@example.org/",
    "processlist",
    "#top",
    "",
    "   ",
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (target) => {
    expect(safeHref(target)).toBeNull();
  });
});
