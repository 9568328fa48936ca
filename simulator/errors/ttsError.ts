import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../encoding/json';
import { errorCodes, ErrorId, messageFormatOf, httpStatusOf } from './catalog';

export type ErrorAttributes = Record<string, unknown>;

export interface ErrorDetails {
	'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails';
	namespace: string;
	name: string;
	message_format: string;
	attributes?: ErrorAttributes;
	correlation_id: string;
	cause?: Omit<ErrorDetails, '@type'>;
	code: number;
}

export interface ErrorBody {
	code: number;
	message: string;
	details: ErrorDetails[];
}

/** An error in the shape The Things Stack defines it (pkg/errors). */
export class TtsError extends Error {
	readonly namespace: string;
	readonly errorName: string;
	readonly code: number;
	readonly messageFormat: string;
	readonly attributes: ErrorAttributes;
	readonly correlationId = randomBytes(16).toString('hex');

	constructor(
		readonly id: ErrorId,
		attributes: ErrorAttributes = {},
		readonly errorCause?: TtsError,
	) {
		const separator = id.lastIndexOf(':');
		const format = messageFormatOf(id);
		super(`error:${id} (${formatMessage(format, attributes)})`);
		this.namespace = id.slice(0, separator);
		this.errorName = id.slice(separator + 1);
		this.code = errorCodes[id];
		this.messageFormat = format;
		this.attributes = attributes;
	}

	get httpStatus(): number {
		return httpStatusOf(this.code);
	}

	toBody(): ErrorBody {
		return { code: this.code, message: this.message, details: [this.toDetails()] };
	}

	/** The ErrorDetails as a JSON value, e.g. as event data. */
	detailsJson(): JsonObject {
		return JSON.parse(JSON.stringify(this.toDetails())) as JsonObject;
	}

	toDetails(): ErrorDetails {
		const details: ErrorDetails = {
			'@type': 'type.googleapis.com/ttn.lorawan.v3.ErrorDetails',
			namespace: this.namespace,
			name: this.errorName,
			message_format: this.messageFormat,
			correlation_id: this.correlationId,
			code: this.code,
		};
		if (Object.keys(this.attributes).length > 0) details.attributes = this.attributes;
		if (this.errorCause) {
			const cause: Partial<ErrorDetails> = this.errorCause.toDetails();
			delete cause['@type'];
			details.cause = cause as Omit<ErrorDetails, '@type'>;
		}
		return details;
	}
}

/**
 * A gRPC status without TTS error details, as grpc-gateway writes it for routing and request
 * decoding failures (runtime.DefaultRoutingErrorHandler, status.Errorf(codes.InvalidArgument, ...)).
 */
export class PlainStatusError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly httpStatus: number = httpStatusOf(code),
	) {
		super(message);
	}

	toBody(): ErrorBody {
		return { code: this.code, message: this.message, details: [] };
	}
}

export type ApiError = TtsError | PlainStatusError;

export function isApiError(error: unknown): error is ApiError {
	return error instanceof TtsError || error instanceof PlainStatusError;
}

// pkg/errors Definition.FormatMessage: without attributes the format itself; otherwise
// gotnospirit/messageformat, which writes an attribute the error lacks as nothing (toString).
function formatMessage(format: string, attributes: ErrorAttributes): string {
	if (Object.keys(attributes).length === 0) return format;
	return format.replace(/\{(\w+)\}/g, (_, name: string) =>
		name in attributes ? String(attributes[name]) : '',
	);
}

export function ttsError(id: ErrorId, attributes?: ErrorAttributes, cause?: TtsError): TtsError {
	return new TtsError(id, attributes, cause);
}
