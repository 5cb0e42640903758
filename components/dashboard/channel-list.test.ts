import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { channelView, serverView } from "@/components/topology/test-views";
import { ChannelList } from "./channel-list";

const render = (...args: Parameters<typeof ChannelList>) => renderToStaticMarkup(createElement(ChannelList, ...args));

describe("a server card's channels", () => {
  it("show each channel of a multi-source replica with its own health and lag", () => {
    const db10 = serverView("db10", {
      role: "replica",
      health: "stopped",
      channels: [channelView("db8", { name: "db8", lagSeconds: 0.4 }), channelView("db9", { name: "db9", health: "stopped", sqlRunning: false, lagSeconds: 12 })],
    });
    const html = render({ server: db10, replicaIds: [] });
    expect(html).toContain('data-testid="server-channel-db10-db8" data-health="ok"');
    expect(html).toContain('data-testid="server-channel-db10-db9" data-health="stopped"');
    expect(html).toMatch(/channel db9.*from db9.*stopped.*lag 12\.0 s/);
  });

  it("name who an intermediate master relays to, and stay away from a plain single-channel replica", () => {
    const db6 = serverView("db6", { role: "replica", relaying: true, channels: [channelView("db5")] });
    expect(render({ server: db6, replicaIds: ["db7"] })).toMatch(/Relays to <span[^>]*>db7<\/span>/);
    expect(render({ server: serverView("db3", { role: "replica", channels: [channelView("db1")] }), replicaIds: [] })).toBe("");
  });
});
