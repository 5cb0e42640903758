/** A real nginx on loopback for the tests of the README's nginx snippets. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { waitFor } from "./lab";

export const nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
export const readme = () => fs.readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
export const docsFile = (name: string) => path.resolve(import.meta.dirname, "../../docs", name);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Nginx {
  /** its own directory (temp files, logs, anything the test puts there) */
  dir: string;
  port: number;
  base: string;
  stop(): Promise<void>;
}

/**
 * Start nginx with `http` as the inside of its http { } block (`listen` on `port` there), and wait
 * until `ready` answers. Temp paths and the error log live in a fresh directory. The port is a free
 * one unless given.
 */
export async function startNginx(http: (ctx: { dir: string; port: number }) => string, ready = "/", atPort?: number): Promise<Nginx> {
  if (!nginxBinary) throw new Error("nginx is not installed (.ci/run installs Debian's nginx-light)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-nginx-"));
  // Workers of a root master run as "nobody" and must read what the test writes: the prefix must be reachable too.
  fs.chmodSync(dir, 0o755);
  const port = atPort ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    `${process.getuid?.() === 0 ? "user root root;\n" : ""}worker_processes 1;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${http({ dir, port })}
}
`,
  );
  const nginx: ChildProcess = spawn(nginxBinary, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", `daemon off; pid ${dir}/nginx.pid;`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  nginx.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const stop = async () => {
    if (nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once("exit", resolve));
      nginx.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
        return (await fetch(`${base}${ready}`)).status < 500;
      },
      15_000,
      "nginx to answer",
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, port, base, stop };
}
