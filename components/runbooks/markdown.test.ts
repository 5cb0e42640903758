import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DEFAULT_RUNBOOKS } from "@/lib/runbooks/defaults";
import { Markdown } from "./markdown";

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("Markdown links", () => {
  it("links a step to the console page it names", () => {
    const out = html("1. Open the [Failover](/failover) page");
    expect(out).toMatch(/<a [^>]*href="\/failover"[^>]*>Failover<\/a> page/);
    expect(out).not.toContain("target=");
  });

  it("opens another site in a new tab without handing it this page", () => {
    expect(html("[docs](https://mariadb.com/kb/)")).toMatch(/<a href="https:\/\/mariadb.com\/kb\/" [^>]*target="_blank" rel="noopener noreferrer">docs<\/a>/);
  });

  it("renders an unsafe target as its text alone", () => {
    for (const target of ["javascript:alert(document.cookie)", "data:text/html,x", "//evil.example"]) {
      const out = html(`see [here](${target}) now`);
      expect(out).not.toContain("<a");
      expect(out).toContain("see here");
    }
  });

  it("keeps underscores in a link's target out of emphasis", () => {
    expect(html("[plan](/failover?candidate=db_2_x)")).toContain('href="/failover?candidate=db_2_x"');
  });

  it("every link in the shipped runbooks is a same-site path that renders as a link", () => {
    const targets = DEFAULT_RUNBOOKS.flatMap((r) => [...r.body.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]));
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(t).toMatch(/^\/[a-z]*$/);
    for (const r of DEFAULT_RUNBOOKS) expect(html(r.body).match(/<a /g)?.length ?? 0).toBe([...r.body.matchAll(/\]\(/g)].length);
  });
});
