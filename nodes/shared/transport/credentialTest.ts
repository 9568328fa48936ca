import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { rejectedKeyAdvice } from './credentialAdvice';
import { hintFor, parseTtsError } from './errors';
import type { StackHosts, TheThingsStackCredentials } from './hosts';
import {
	DEFAULT_REQUEST_TIMEOUT_SECONDS,
	findHostProblem,
	readCredentials,
	resolveStackHosts,
} from './hosts';
import { describeNetworkFailure, readNetworkFailure } from './networkFailures';
import { USER_AGENT } from './userAgent';

interface AuthInfoAnswer {
	statusCode: number;
	body: unknown;
}

type LegacyRequest = ICredentialTestFunctions['helpers']['request'];

/**
 * The credential test of "The Things Stack API", `theThingsStackApiTest` in both nodes'
 * `methods.credentialTest` and `credentials[].testedBy` (a string literal there, as the lint rule
 * credential-test-required reads it): asks the Identity Server who the key is
 * (`GET /api/v3/auth_info`) and says in words what went wrong: an address that is not a host, a
 * server that cannot be reached and why, a key it does not know (with what to check first, for
 * this credential), a key without rights. `auth_info` answers `200 {}` to a request without a key
 * it knows (pkg/identityserver/entity_access.go authInfo), so an answer must name the key.
 */
export async function testTheThingsStackCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const credentials = readCredentials(credential.data ?? {});
	const problem = findHostProblem(credentials);
	if (problem) return failed(`${problem.message}. Fix it in the credential.`);
	if (!credentials.apiKey) {
		return failed('The API Key is empty. Paste the whole key from the Console (NNSXS.…).');
	}
	const hosts = resolveStackHosts(credentials);
	const timeoutMs = (credentials.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000;
	// ICredentialTestFunctions offers this one HTTP helper, in n8n-workflow 1.x and 2.x: n8n's
	// client with request-style options, its proxy and TLS settings. (The lint rule against
	// `this.helpers.request` points node code at httpRequest, which a credential test does not get.)
	const { request } = this.helpers;
	let answer: AuthInfoAnswer;
	try {
		answer = await askAuthInfo(request, credentials, hosts, timeoutMs);
	} catch (error) {
		return unreachable(error, hosts, timeoutMs);
	}
	return judge(answer, credentials, hosts);
}

async function askAuthInfo(
	request: LegacyRequest,
	credentials: TheThingsStackCredentials,
	hosts: StackHosts,
	timeoutMs: number,
): Promise<AuthInfoAnswer> {
	const response = (await request({
		method: 'GET',
		uri: `${hosts.identityServer}/api/v3/auth_info`,
		headers: {
			Authorization: `Bearer ${credentials.apiKey}`,
			'User-Agent': USER_AGENT,
			Accept: 'application/json',
		},
		json: true,
		simple: false,
		resolveWithFullResponse: true,
		timeout: timeoutMs,
		...(credentials.ignoreSslIssues ? { rejectUnauthorized: false } : {}),
	})) as { statusCode: number; body: unknown };
	return { statusCode: response.statusCode, body: response.body };
}

function unreachable(
	error: unknown,
	hosts: StackHosts,
	timeoutMs: number,
): INodeCredentialTestResult {
	const failure = readNetworkFailure(error);
	const { message, description } = describeNetworkFailure(
		failure,
		// Not the error's own message: the client's error may quote the request, key included.
		failure.code ? undefined : 'no answer',
		`the Identity Server at ${hosts.identityServer}`,
		hosts.identityServer,
		timeoutMs,
	);
	return failed(`${message}. ${description}`);
}

function judge(
	{ statusCode, body }: AuthInfoAnswer,
	credentials: TheThingsStackCredentials,
	hosts: StackHosts,
): INodeCredentialTestResult {
	const server = `the Identity Server at ${hosts.identityServer}`;
	if (statusCode === 200) {
		if (!body || typeof body !== 'object') {
			return failed(
				`${capitalize(server)} answered, but not as The Things Stack does. Check the server address (and the Identity Server address, if set).`,
			);
		}
		const apiKey = ((body as IDataObject).api_key as IDataObject | undefined)?.api_key as
			IDataObject | undefined;
		if (!apiKey) {
			return failed(
				'The Things Stack answered, but did not recognise an API key in the request. Check that the API Key field holds an API key (NNSXS.…) of this server.',
			);
		}
		const rights = (apiKey.rights as string[] | undefined) ?? [];
		if (rights.length === 0) {
			return failed(
				'The API key is valid but has no rights. Edit the key in the Console and grant the rights your workflows need.',
			);
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
	const ttsError = parseTtsError(body);
	if (statusCode === 404) {
		return failed(
			`No Identity Server answered at ${hosts.identityServer}. Check the server address and the Tenant ID; on The Things Network and The Things Stack Cloud, the Identity Server is on eu1 (leave Identity Server Address empty, it is derived).`,
		);
	}
	if (statusCode === 403) {
		return failed(
			'The API key was recognised, but may not read its own rights on this server. Check the key’s rights in the Console.',
		);
	}
	const hint = hintFor(
		ttsError ?? { message: '', attributes: {} },
		statusCode,
		rejectedKeyAdvice(credentials, hosts),
	);
	if (hint) return failed(hint);
	const said = ttsError?.message ? `: ${ttsError.message}` : '';
	return failed(`${capitalize(server)} answered HTTP ${statusCode}${said}.`);
}

function failed(message: string): INodeCredentialTestResult {
	return { status: 'Error', message };
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
