import { isJsonObject, JsonObject } from '../../../encoding/json';
import { formatTimestamp, timestampMilliseconds } from '../../../encoding/time';
import type { WebhookSettings } from './settings';

/** sink/health.go healthState: what the stored health status says before a request. */
export type HealthState =
	'unknown' | 'healthy' | 'monitorSkipRecord' | 'monitorRecord' | 'unhealthy';

export interface HealthCheck {
	state: HealthState;
	/** The webhook is over the threshold and in its cooldown: the request is not sent. */
	disabled: boolean;
}

/**
 * pkg/applicationserver/config.go NewWebhooks: the health check sink exists only when a threshold
 * or a retry interval is configured; without both (the open-source default) no health status is
 * ever written.
 */
export function healthChecked(settings: WebhookSettings): boolean {
	return settings.unhealthyAttemptsThreshold > 0 || settings.unhealthyRetryIntervalMs > 0;
}

/** sink/health.go preRunCheck, on the health status the fan-out read with the webhook. */
export function checkHealth(
	health: JsonObject | undefined,
	settings: WebhookSettings,
	nowMs: number,
): HealthCheck {
	if (!health || (!health.healthy && !health.unhealthy))
		return { state: 'unknown', disabled: false };
	if (health.healthy) return { state: 'healthy', disabled: false };
	const unhealthy = isJsonObject(health.unhealthy) ? health.unhealthy : {};
	const failedAttempts = Number(unhealthy.failed_attempts ?? 0);
	const lastFailedMs = timestampMilliseconds(String(unhealthy.last_failed_attempt_at ?? ''));
	const threshold = settings.unhealthyAttemptsThreshold;
	const interval = settings.unhealthyRetryIntervalMs;
	const retryIntervalPassed = nowMs > lastFailedMs + interval;
	if (threshold <= 0 || interval <= 0) {
		// Monitor mode: the status is only recorded, never enforced (at most once per interval).
		return { state: retryIntervalPassed ? 'monitorRecord' : 'monitorSkipRecord', disabled: false };
	}
	if (failedAttempts < threshold || retryIntervalPassed)
		return { state: 'unhealthy', disabled: false };
	return { state: 'unhealthy', disabled: true };
}

/**
 * sink/health.go executeAndRecord: the health status to write after a request, or undefined when
 * nothing is written (a success of a healthy webhook; a failure in monitor mode within the
 * interval). A failure counts on top of the status stored now, not the one read before.
 */
export function healthAfter(
	lastKnown: HealthState,
	failure: JsonObject | undefined,
	stored: JsonObject | undefined,
	nowMs: number,
): JsonObject | undefined {
	if (!failure && lastKnown === 'healthy') return undefined;
	if (failure && lastKnown === 'monitorSkipRecord') return undefined;
	if (!failure) return { healthy: {} };
	const previous = isJsonObject(stored?.unhealthy) ? stored.unhealthy : {};
	return {
		unhealthy: {
			failed_attempts: String(Number(previous.failed_attempts ?? 0) + 1),
			last_failed_attempt_at: formatTimestamp(BigInt(nowMs) * 1_000_000n),
			last_failed_attempt_details: failure,
		},
	};
}
