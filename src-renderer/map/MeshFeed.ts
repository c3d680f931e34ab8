import type { GcsApi } from '../../src-shared/contract';
import type { MeshLayer } from './MeshLayer';

/** The mesh changes as drones move; this often is enough to see it change. */
const REFRESH_MS = 2_000;
/** After a failure (an older host has no `mesh.topology`, the link is down), ask less often. */
const RETRY_MS = 10_000;

export interface MeshReport {
  convoyId: string | null;
  links: number;
  error: string | null;
}

/**
 * Polls `mesh.topology` for one convoy while the mesh layer is on, one request at a time, and
 * hands the links to the layer. Stopping, or switching convoy, drops any reply still in flight.
 */
export class MeshFeed {
  private convoyId: string | null = null;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: GcsApi | null,
    private readonly layer: MeshLayer,
    private readonly report: (report: MeshReport) => void,
  ) {}

  /** The convoy whose mesh to show, in its colour; null shows none and stops polling. */
  show(convoyId: string | null, color: string): void {
    this.layer.setColor(color);
    if (convoyId === this.convoyId) return;
    this.convoyId = convoyId;
    this.generation++;
    this.clearTimer();
    this.layer.setLinks([]);
    const error = convoyId && !this.api ? 'the map was given no API to fetch the mesh with' : null;
    this.report({ convoyId, links: 0, error });
    if (convoyId) this.poll(this.generation);
  }

  stop(): void {
    this.convoyId = null;
    this.generation++;
    this.clearTimer();
    this.layer.setLinks([]);
  }

  private poll(generation: number): void {
    const convoyId = this.convoyId;
    if (!convoyId || !this.api) return;
    const next = (delay: number): void => {
      if (generation !== this.generation) return;
      this.timer = setTimeout(() => this.poll(generation), delay);
    };
    this.api
      .request('mesh.topology', { convoyId })
      .then(({ links }) => {
        if (generation !== this.generation) return;
        this.layer.setLinks(links);
        this.report({ convoyId, links: links.length, error: null });
        next(REFRESH_MS);
      })
      .catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.layer.setLinks([]);
        this.report({
          convoyId,
          links: 0,
          error: error instanceof Error ? error.message : String(error),
        });
        next(RETRY_MS);
      });
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
