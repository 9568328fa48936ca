import { createHash } from 'crypto';
import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { rejectedKeyAdvice } from './credentialAdvice';
import type { StackHosts } from './hosts';
import {
	CREDENTIAL_TYPE,
	DEFAULT_REQUEST_TIMEOUT_SECONDS,
	InvalidHostError,
	readCredentials,
	resolveStackHosts,
} from './hosts';

export type TtsContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| ITriggerFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface Connection {
	hosts: StackHosts;
	/** The credential's Tenant ID, if any (already in the host names). */
	tenantId?: string;
	skipSslCertificateValidation: boolean;
	/** How long a request waits for its answer (a stream: for its first byte), in ms. */
	requestTimeoutMs: number;
	/** What to check when the server does not know the key, for this credential (credentialAdvice.ts). */
	rejectedKeyAdvice: string;
	/** Identifies the API key without revealing it, for per-key rate-limit buckets. */
	keyFingerprint: string;
}

const connections = new WeakMap<object, Promise<Connection>>();

/** Reads the credential once per execution context and works out the hosts to call. */
export async function getConnection(this: TtsContext): Promise<Connection> {
	let connection = connections.get(this);
	if (!connection) {
		connection = openConnection.call(this);
		connections.set(this, connection);
		connection.catch(() => connections.delete(this));
	}
	return await connection;
}

async function openConnection(this: TtsContext): Promise<Connection> {
	const credentials = readCredentials(await this.getCredentials(CREDENTIAL_TYPE));
	try {
		const hosts = resolveStackHosts(credentials);
		return {
			hosts,
			tenantId: credentials.tenantId,
			rejectedKeyAdvice: rejectedKeyAdvice(credentials, hosts),
			skipSslCertificateValidation: credentials.ignoreSslIssues === true,
			requestTimeoutMs: Math.round(
				(credentials.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000,
			),
			keyFingerprint: createHash('sha256').update(credentials.apiKey).digest('hex').slice(0, 16),
		};
	} catch (error) {
		if (error instanceof InvalidHostError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				description: 'Fix the address in the "The Things Stack API" credential.',
			});
		}
		throw new NodeOperationError(this.getNode(), error as Error);
	}
}
