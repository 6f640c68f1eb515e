// A TCP proxy between Accord and PostgreSQL that a test can break, as a network or a database
// restart would: `cut` drops every connection and refuses new ones until `restore`; `stall`
// forwards nothing either way (TCP keeps what was sent and delivers it when the link comes back,
// except for a connection its client gave up on meanwhile: that one is reset, its data lost).
import net, { type Socket } from "node:net";

interface Pair {
  /** Saw the marker: its next COMMIT's answer is lost. */
  armed: boolean;
  /** Its answers are lost from now on (until its client gives up). */
  blackhole: boolean;
  client: Socket;
  upstream: Socket | null;
  toUpstream: Buffer[];
  toClient: Buffer[];
  clientGone: boolean;
  upstreamGone: boolean;
}

export class ChaosProxy {
  private server = net.createServer((s) => this.accept(s));
  private pairs = new Set<Pair>();
  private mode: "pass" | "stall" | "refuse" = "pass";
  private commitMarker: Buffer | null = null;
  port = 0;

  constructor(private target: { host: string; port: number }) {}

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Drops every connection now and refuses new ones until `restore` (a database going down). */
  cut(): void {
    this.mode = "refuse";
    for (const p of this.pairs) this.drop(p);
  }

  /** Forwards nothing until `restore` (packets dropped; TCP retransmits them afterwards). */
  stall(): void {
    this.mode = "stall";
  }

  /**
   * On the next connection that sends `marker` (part of a statement), lets its next COMMIT reach
   * the server and loses the answer: the transaction commits, and its client never hears so.
   */
  loseNextCommitAnswerAfter(marker: string): void {
    this.commitMarker = Buffer.from(marker);
  }

  restore(): void {
    this.mode = "pass";
    for (const p of [...this.pairs]) {
      if (p.clientGone || p.upstreamGone) {
        this.drop(p);
        continue;
      }
      if (!p.upstream) this.connect(p);
      for (const d of p.toUpstream.splice(0)) p.upstream!.write(d);
      for (const d of p.toClient.splice(0)) p.client.write(d);
    }
  }

  async close(): Promise<void> {
    for (const p of this.pairs) this.drop(p);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode === "refuse") {
      client.destroy();
      return;
    }
    const p: Pair = { armed: false, blackhole: false, client, upstream: null, toUpstream: [], toClient: [], clientGone: false, upstreamGone: false };
    this.pairs.add(p);
    client.on("error", () => undefined);
    client.on("data", (d: Buffer) => {
      this.watch(p, d);
      if (this.mode === "pass" && p.upstream) p.upstream.write(d);
      else p.toUpstream.push(d);
    });
    client.on("close", () => {
      p.clientGone = true;
      if (this.mode !== "stall") this.drop(p);
    });
    // A connection opened during a stall reaches the server only when the link is back.
    if (this.mode === "pass") this.connect(p);
  }

  private connect(p: Pair): void {
    const up = net.connect(this.target.port, this.target.host);
    p.upstream = up;
    up.on("error", () => undefined);
    up.on("data", (d: Buffer) => {
      if (p.blackhole) return;
      if (this.mode === "pass") p.client.write(d);
      else p.toClient.push(d);
    });
    up.on("close", () => {
      p.upstreamGone = true;
      if (this.mode !== "stall") this.drop(p);
    });
    for (const d of p.toUpstream.splice(0)) up.write(d);
  }

  /** A COMMIT travels as a simple query: "Q", its length, "commit", NUL. */
  private watch(p: Pair, d: Buffer): void {
    if (!this.commitMarker) return;
    if (!p.armed && d.includes(this.commitMarker)) p.armed = true;
    if (p.armed && d.includes(Buffer.from("commit\0"))) {
      p.blackhole = true;
      this.commitMarker = null;
    }
  }

  private drop(p: Pair): void {
    p.client.destroy();
    p.upstream?.destroy();
    this.pairs.delete(p);
  }
}
