/**
 * Open-loop message traffic over real sockets: sends at a fixed rate spread evenly over time (not bursts),
 * and measures ack latency (send → committed ack) and delivery latency (send → `message:created` at each
 * recipient). Sender and recipients live in this process, so one clock (performance.now) serves both.
 */
import { v7 as uuidv7 } from 'uuid';
import type { ClientSocket } from './clients.ts';
import { messageBody, rng } from './corpus.ts';
import { round1, Samples, sleep, summarize, type LatencySummary, type ServerProcess } from './harness.ts';
import { CpuMeter, mb, scrapeMetrics } from './measure.ts';

/** A connected user: its socket and id. */
export interface Peer {
  socket: ClientSocket;
  userId: string;
}

/** A user who sends: where to, and how many other sockets must receive each message. */
export interface Sender extends Peer {
  roomId: string;
  recipients: number;
  /**
   * Sends one message another way than the socket's `message:send` (an encrypted room's envelope over HTTP);
   * resolves whether the server stored it.
   */
  send?: (id: string, body: string) => Promise<boolean>;
}

/** What one phase at one rate measured. */
export interface PhaseResult {
  offeredPerSecond: number;
  seconds: number;
  sent: number;
  acked: number;
  /** Acks that were errors or timed out (30 s). */
  failed: number;
  /** Committed messages per second, from the first send to the last ack. */
  ackedPerSecond: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  deliveriesPerSecond: number;
  deliveryMs: LatencySummary;
  ackMs: LatencySummary;
  /** How late the generator fired sends behind schedule: a busy bench process shows here. */
  generatorLateMs: LatencySummary;
  serverCpuPercent: number;
  benchCpuPercent: number;
  otherCpuPercent: number;
  serverRssMb: number;
  peakServerRssMb: number;
  serverEventLoopLagP99Ms: number;
}

const ACK_TIMEOUT_MS = 30_000;

/** Drives messages from senders and counts what recipients receive, one phase at a time. */
export class Traffic {
  private readonly server: ServerProcess;
  private readonly senders: Sender[];
  private readonly nextBody = (
    (r) => () =>
      messageBody(r)
  )(rng(42));
  private pending = new Map<string, { t: number; left: number }>();
  private delivery = new Samples();
  /** When each delivery of the current phase was sent (performance.now), beside `delivery`. */
  private sentAt: number[] = [];
  private delivered = 0;

  constructor(server: ServerProcess, senders: Sender[], receivers: Peer[]) {
    this.server = server;
    this.senders = senders;
    for (const { socket, userId } of receivers) {
      socket.on('message:created', ({ message }) => {
        // The sender's own sockets get the message too; only the others count as deliveries.
        if (message.sender?.id === userId) return;
        const p = this.pending.get(message.id);
        if (!p) return; // from an earlier phase
        this.delivery.push(performance.now() - p.t);
        this.sentAt.push(p.t);
        this.delivered++;
        if (--p.left === 0) this.pending.delete(message.id);
      });
    }
  }

  /** Delivery latency of the last phase's messages sent between `from` and `to` (performance.now). */
  deliveriesBetween(from: number, to: number): LatencySummary & { n: number } {
    const all = this.delivery.values();
    const picked = all.filter((_, i) => this.sentAt[i]! >= from && this.sentAt[i]! <= to);
    return { ...summarize(picked), n: picked.length };
  }

  /** Sends `perSecond` messages a second for `seconds`, round-robin over the senders, then drains. */
  async phase(perSecond: number, seconds: number, drainMs = 20_000): Promise<PhaseResult> {
    this.pending = new Map();
    this.delivery = new Samples();
    this.sentAt = [];
    this.delivered = 0;
    const acks = new Samples();
    const late = new Samples();
    let expected = 0;
    let acked = 0;
    let failed = 0;
    let inFlight = 0;
    let lastAck = 0;
    await scrapeMetrics(this.server.url); // resets the event-loop lag histogram to this window
    const cpu = new CpuMeter(this.server.pid);
    cpu.start();

    const fire = (i: number): void => {
      const s = this.senders[i % this.senders.length]!;
      const id = uuidv7();
      const body = this.nextBody();
      const t = performance.now();
      this.pending.set(id, { t, left: s.recipients });
      expected += s.recipients;
      inFlight++;
      const sent = s.send
        ? s.send(id, body).then((ok) => ({ ok }))
        : s.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', { id, roomId: s.roomId, body });
      sent
        .then(
          (res) => {
            lastAck = performance.now();
            acks.push(lastAck - t);
            if (res.ok) return void acked++;
            failed++;
            // Not stored, so nobody should receive it.
            expected -= this.pending.get(id)?.left ?? 0;
            this.pending.delete(id);
          },
          () => void failed++,
        )
        .finally(() => inFlight--);
    };

    const total = Math.round(perSecond * seconds);
    const interval = 1000 / perSecond;
    const start = performance.now();
    await new Promise<void>((resolve) => {
      let i = 0;
      const tick = (): void => {
        const now = performance.now();
        // Catch up on every send that is due: the schedule, not the generator, sets the rate.
        for (; i < total && start + i * interval <= now; i++) {
          late.push(now - (start + i * interval));
          fire(i);
        }
        if (i >= total) return resolve();
        setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
      };
      tick();
    });

    const drainUntil = performance.now() + drainMs;
    while ((this.pending.size > 0 || inFlight > 0) && performance.now() < drainUntil) await sleep(20);
    const usage = cpu.stop();
    const metrics = await scrapeMetrics(this.server.url);
    let lost = 0;
    for (const p of this.pending.values()) lost += p.left;
    const activeSeconds = ((lastAck || performance.now()) - start) / 1000;
    return {
      offeredPerSecond: perSecond,
      seconds,
      sent: total,
      acked,
      failed,
      ackedPerSecond: round1(acked / activeSeconds),
      expectedDeliveries: expected,
      delivered: this.delivered,
      lost,
      deliveriesPerSecond: round1(this.delivered / activeSeconds),
      deliveryMs: summarize(this.delivery.values()),
      ackMs: summarize(acks.values()),
      generatorLateMs: summarize(late.values()),
      ...usage,
      serverRssMb: mb(metrics.process_resident_memory_bytes ?? 0),
      // The server samples the loop every 20 ms (eventLoopMonitoringPrecision) and the histogram counts the
      // whole interval, so 20 ms is the idle floor: only the excess is lag.
      serverEventLoopLagP99Ms: round1(
        Math.max(0, (metrics.nodejs_eventloop_lag_p99_seconds ?? NaN) * 1000 - 20),
      ),
    };
  }
}

/** Markdown header + rows of phase results, one line per phase. */
export function phaseTable(phases: PhaseResult[]): string {
  const head =
    '| offered msg/s | acked msg/s | deliveries/s | lost | failed | delivery p50 / p95 / p99 / max ms | ack p50 / p95 / p99 ms | server CPU | bench CPU | other CPU | generator late p99 ms | server loop lag p99 ms | server RSS MB |\n' +
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const rows = phases.map((p) => {
    const d = p.deliveryMs;
    const a = p.ackMs;
    return `| ${p.offeredPerSecond} | ${p.ackedPerSecond} | ${p.deliveriesPerSecond} | ${p.lost} | ${p.failed} | ${d.p50} / ${d.p95} / ${d.p99} / ${d.max} | ${a.p50} / ${a.p95} / ${a.p99} | ${p.serverCpuPercent}% | ${p.benchCpuPercent}% | ${p.otherCpuPercent}% | ${p.generatorLateMs.p99} | ${p.serverEventLoopLagP99Ms} | ${p.serverRssMb} |`;
  });
  return [head, ...rows].join('\n');
}
