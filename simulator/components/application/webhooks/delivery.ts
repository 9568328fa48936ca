import { isUtf8 } from 'node:buffer';

import { isJsonObject, JsonObject } from '../../../encoding/json';
import { ttsError } from '../../../errors/ttsError';
import type { PublishedEvent } from '../../../events/eventBus';
import { deviceIdentifiers } from '../../../events/identifiers';
import type { SimulatorServices } from '../../../http/call';
import { objectAt, stringAt } from '../../common/messageFields';
import { checkHealth, HealthCheck, healthAfter, healthChecked } from './health';
import { HttpSink, SinkOutcome } from './httpSink';
import { WorkerPool } from './pool';
import type { WebhookUpdate } from './registry';
import { listWebhooks, setWebhook } from './registry';
import { buildWebhookRequest, messageTypeOf, WebhookRequest } from './request';
import type { WebhookSettings } from './settings';

const APPLICATION_UP_TYPE = 'type.googleapis.com/ttn.lorawan.v3.ApplicationUp';

// pkg/applicationserver/applicationserver.go processUp hands each ApplicationUp to the frontends
// (publishUp, which feeds the webhooks) and then publishes it as one of these events
// (observability.go registerForwardUp): the simulator fans out from the event.
const FORWARD_EVENTS = new Set([
	'as.up.data.forward',
	'as.up.join.forward',
	'as.up.normalized.forward',
	'as.up.location.forward',
	'as.up.service.forward',
	'as.down.data.ack.forward',
	'as.down.data.nack.forward',
	'as.down.data.sent.forward',
	'as.down.data.failed.forward',
	'as.down.data.queue.invalidated.forward',
]);
// observability.go registerForwardDownlinks: a queued downlink goes to the frontends as an
// ApplicationUp with `downlink_queued`, then as the as.down.data.forward event.
const DOWNLINK_FORWARD_EVENT = 'as.down.data.forward';

// pkg/applicationserver/io/web/webhooks.go webhookFanOutFieldMask.
const FAN_OUT_PATHS = [
	'base_url',
	'downlink_ack',
	'downlink_api_key',
	'downlink_failed',
	'downlink_nack',
	'downlink_queue_invalidated',
	'downlink_queued',
	'downlink_sent',
	'field_mask',
	'format',
	'headers',
	'health_status',
	'join_accept',
	'location_solved',
	'service_data',
	'paused',
	'uplink_message',
	'uplink_normalized',
];

export type WebhookOutcome =
	/** Answered with a 2xx. */
	| 'delivered'
	/** Answered otherwise, or not at all (refused, timed out). */
	| 'failed'
	/** Not sent: over the unhealthy threshold and within the retry interval. */
	| 'disabled'
	/** Not sent: every worker busy and the queue full. */
	| 'dropped'
	/** Not sent: a format the simulator cannot write (protobuf). */
	| 'unsupported';

/** One webhook request of one ApplicationUp, as the simulator's Application Server made it. */
export interface WebhookDeliveryRecord {
	tenant: string;
	applicationId: string;
	webhookId: string;
	deviceId: string;
	messageType: string;
	/** `received_at` of the ApplicationUp. */
	receivedAt: string;
	url: string;
	/** The headers sent (configured ones, X-Downlink-*, X-Tts-Domain, Content-Type). */
	headers: Record<string, string>;
	outcome: WebhookOutcome;
	/** The HTTP status of the answer, if there was one. */
	status?: number;
	/** Why it failed, in the words of the error the stack records. */
	error?: string;
}

/**
 * The Application Server's webhooks integration (pkg/applicationserver/io/web): for each
 * ApplicationUp, one POST per webhook of the application that subscribes to its message type,
 * sent by a worker pool, checked against the webhook's health, with `as.webhook.fail` for every
 * request that fails.
 */
export class WebhookDelivery {
	private readonly sink = new HttpSink();
	private readonly pool: WorkerPool;
	private readonly records: WebhookDeliveryRecord[] = [];
	private stopListening: (() => void) | undefined;

	constructor(
		private readonly services: SimulatorServices,
		/** The stack's public API address, for X-Downlink-* and X-Tts-Domain by default. */
		private readonly publicAddress: () => string,
	) {
		this.pool = new WorkerPool(() => this.settings);
	}

	private get settings(): WebhookSettings {
		return this.services.options.webhooks;
	}

	start(): void {
		this.stopListening = this.services.events.onPublish((published) => this.onEvent(published));
	}

	/** Every request made so far (oldest first, bounded like the request log). */
	deliveries(): WebhookDeliveryRecord[] {
		return [...this.records];
	}

	clearDeliveries(): void {
		this.records.length = 0;
	}

	/** Resolves once every request started so far has finished. */
	async idle(): Promise<void> {
		await this.pool.idle();
	}

	close(): void {
		this.stopListening?.();
		this.sink.close();
	}

	private onEvent(published: PublishedEvent): void {
		const up = applicationUpOf(published);
		if (up) this.fanOut(published.tenant, up);
	}

	// webhooks.go handleUp.
	private fanOut(tenantId: string, up: JsonObject): void {
		const applicationId = stringAt(up, 'end_device_ids.application_ids.application_id');
		const tenant = this.services.tenants.get(tenantId);
		const downlinks = {
			publicAddress: this.settings.downlinkPublicAddress ?? this.publicAddress(),
		};
		for (const hook of listWebhooks(tenant, applicationId, FAN_OUT_PATHS)) {
			if (hook.paused === true) continue;
			const request = buildWebhookRequest(up, hook, downlinks);
			if (!request) continue;
			const record: WebhookDeliveryRecord = {
				tenant: tenantId,
				applicationId,
				webhookId: stringAt(hook, 'ids.webhook_id'),
				deviceId: stringAt(up, 'end_device_ids.device_id'),
				messageType: messageTypeOf(up) ?? '',
				receivedAt: stringAt(up, 'received_at'),
				url: 'url' in request ? request.url : stringAt(hook, 'base_url'),
				headers: 'headers' in request ? request.headers : {},
				outcome: 'unsupported',
			};
			if ('unsupportedFormat' in request) {
				this.record(record, 'unsupported', { error: `format ${request.unsupportedFormat}` });
				continue;
			}
			const health = isJsonObject(hook.health_status) ? hook.health_status : undefined;
			const accepted = this.pool.publish(
				async () => await this.process(tenantId, up, request, health, record),
			);
			if (!accepted) {
				const error = ttsError('pkg/workerpool:pool_full');
				this.publishFailure(tenantId, up, error.detailsJson());
				this.record(record, 'dropped', { error: error.message });
			}
		}
	}

	// sink/health.go healthCheckSink.Process around sink/http.go httpClientSink.Process.
	private async process(
		tenantId: string,
		up: JsonObject,
		request: WebhookRequest,
		health: JsonObject | undefined,
		record: WebhookDeliveryRecord,
	): Promise<void> {
		const check = healthChecked(this.settings)
			? checkHealth(health, this.settings, this.services.options.now())
			: undefined;
		if (check?.disabled) {
			const error = ttsError('pkg/applicationserver/io/web/sink:webhook_disabled');
			this.publishFailure(tenantId, up, error.detailsJson());
			this.record(record, 'disabled', { error: error.message });
			return;
		}
		const outcome = await this.sink.send(request, this.settings.timeoutMs);
		const succeeded = outcome.kind === 'answered' && outcome.status >= 200 && outcome.status <= 299;
		const status = outcome.kind === 'answered' ? outcome.status : undefined;
		let failure: JsonObject | undefined;
		if (!succeeded) {
			failure = requestErrorDetails(record, outcome);
			this.publishFailure(tenantId, up, failure);
			this.record(record, 'failed', { status, error: describeFailure(outcome) });
		} else {
			this.record(record, 'delivered', { status });
		}
		if (check) this.recordHealth(tenantId, record, check, failure);
	}

	private recordHealth(
		tenantId: string,
		record: WebhookDeliveryRecord,
		check: HealthCheck,
		failure: JsonObject | undefined,
	): void {
		const details = failure ? withoutType(failure) : undefined;
		const nowMs = this.services.options.now();
		// health.go healthStatusRegistry.Set: a webhook deleted meanwhile stays deleted.
		setWebhook(
			this.services.tenants.get(tenantId),
			{ applicationId: record.applicationId, webhookId: record.webhookId },
			['health_status'],
			(stored): WebhookUpdate | undefined => {
				if (!stored) return undefined;
				const stale = isJsonObject(stored.health_status) ? stored.health_status : undefined;
				const next = healthAfter(check.state, details, stale, nowMs);
				if (!next) return { webhook: {}, sets: [] };
				return { webhook: { health_status: next }, sets: ['health_status'] };
			},
		);
	}

	// sink/observability.go registerWebhookFailed: as.webhook.fail on the device, with the error.
	private publishFailure(tenantId: string, up: JsonObject, details: JsonObject): void {
		this.services.events.publish(tenantId, {
			name: 'as.webhook.fail',
			identifiers: [deviceIdentifiers(objectAt(up, 'end_device_ids'))],
			correlationIds: Array.isArray(up.correlation_ids) ? up.correlation_ids.map(String) : [],
			data: details,
		});
	}

	private record(
		record: WebhookDeliveryRecord,
		outcome: WebhookOutcome,
		extra: { status?: number; error?: string },
	): void {
		this.records.push({ ...record, outcome, ...extra });
		const limit = this.services.options.requestLogLimit;
		if (this.records.length > limit) this.records.splice(0, this.records.length - limit);
	}
}

/** The ApplicationUp a forward event stands for, without its `@type`. */
function applicationUpOf(published: PublishedEvent): JsonObject | undefined {
	const data = published.event.data;
	if (!isJsonObject(data)) return undefined;
	if (FORWARD_EVENTS.has(published.name) && data['@type'] === APPLICATION_UP_TYPE) {
		return withoutType(data);
	}
	if (published.name !== DOWNLINK_FORWARD_EVENT) return undefined;
	const identifiers = Array.isArray(published.event.identifiers) ? published.event.identifiers : [];
	const device = identifiers.find((each) => isJsonObject(each) && isJsonObject(each.device_ids));
	if (!isJsonObject(device)) return undefined;
	return {
		end_device_ids: device.device_ids,
		correlation_ids: Array.isArray(data.correlation_ids) ? data.correlation_ids : [],
		received_at: published.event.time,
		downlink_queued: withoutType(data),
	};
}

/** sink/http.go requestErrorDetails: `request` with the webhook, the URL, the status and body. */
function requestErrorDetails(record: WebhookDeliveryRecord, outcome: SinkOutcome): JsonObject {
	const attributes: Record<string, unknown> = { webhook_id: record.webhookId, url: record.url };
	if (outcome.kind === 'answered') attributes.status_code = outcome.status;
	const details = ttsError('pkg/applicationserver/io/web/sink:request', attributes).detailsJson();
	if (outcome.kind === 'answered' && isUtf8(outcome.body)) {
		details.details = [
			{
				'@type': 'type.googleapis.com/google.protobuf.Struct',
				value: { body: outcome.body.toString('utf8') },
			},
		];
	}
	return details;
}

function describeFailure(outcome: SinkOutcome): string {
	return outcome.kind === 'answered' ? `HTTP ${outcome.status}` : outcome.reason;
}

function withoutType(value: JsonObject): JsonObject {
	const copy: JsonObject = { ...value };
	delete copy['@type'];
	return copy;
}
