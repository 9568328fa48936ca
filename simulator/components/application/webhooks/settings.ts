/**
 * The Application Server's webhook settings (`as.webhooks.*`, pkg/applicationserver/config.go
 * WebhooksConfig) with the defaults of cmd/internal/shared/applicationserver/config.go.
 */
export interface WebhookSettings {
	/** `timeout`: how long a request may take, in ms (5 s). */
	timeoutMs: number;
	/** `unhealthy-attempts-threshold`: failures before a webhook is disabled (0). */
	unhealthyAttemptsThreshold: number;
	/** `unhealthy-retry-interval`: how long a disabled webhook waits, in ms (0). */
	unhealthyRetryIntervalMs: number;
	/** `workers`: requests sent at the same time (1024). */
	workers: number;
	/** `queue-size`: requests waiting for a worker (1024); more are dropped. */
	queueSize: number;
	/**
	 * `downlink.public-address`: base of the X-Downlink-Push/-Replace URLs and of X-Tts-Domain
	 * (the default is the stack's public URL + `/api/v3`; undefined = the simulator's own).
	 */
	downlinkPublicAddress?: string;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
	timeoutMs: 5_000,
	unhealthyAttemptsThreshold: 0,
	unhealthyRetryIntervalMs: 0,
	workers: 1024,
	queueSize: 1024,
};
