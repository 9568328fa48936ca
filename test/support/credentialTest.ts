import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequest,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWorkflowBase,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';

import { createAdditionalData } from './additionalData';
import { credentialType, withCredentialDefaults } from './credentialsHelper';
import { ACTION_NODE_TYPE, nodeTypes, TRIGGER_NODE_TYPE } from './nodeTypes';

/**
 * Tests a credential the way n8n's CredentialsTester does
 * (packages/cli/src/services/credentials-tester.service.ts getCredentialTestFunction): the
 * credential's own declarative `test` if it has one; otherwise the `methods.credentialTest`
 * function a node names in `credentials[].testedBy`, called on n8n-core's CredentialTestContext.
 */
export async function testCredential(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'tested',
		name: 'Tested',
		type,
		data: withCredentialDefaults(type, data),
	};
	const test = credentialType(type).test;
	if (test) return await runRequestTest(type, data, test, credentialsDecrypted);
	const method = credentialTestMethodOf(type);
	if (!method) throw new Error(`Credential ${type} has no test`);
	const { additionalData } = createAdditionalData(
		{ id: 'credential-test', nodes: [], connections: {} } as unknown as IWorkflowBase,
		{ [type]: data },
	);
	// n8n 2.x passes the additional data, 1.x constructs it without.
	const context = new CredentialTestContext(additionalData);
	return await method.call(context, credentialsDecrypted);
}

/** The credential test function a node names for `type` with `testedBy`, as n8n looks it up. */
export function credentialTestMethodOf(type: string): ICredentialTestFunction | undefined {
	for (const name of [ACTION_NODE_TYPE, TRIGGER_NODE_TYPE]) {
		const nodeType = nodeTypes.getByNameAndVersion(name);
		const credential = nodeType.description.credentials?.find((entry) => entry.name === type);
		if (typeof credential?.testedBy === 'string') {
			return nodeType.methods?.credentialTest?.[credential.testedBy];
		}
	}
	return undefined;
}

/** The declarative path: the test request through RoutingNode, then the `rules`. */
async function runRequestTest(
	type: string,
	data: ICredentialDataDecryptedObject,
	test: ICredentialTestRequest,
	credentialsDecrypted: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const tempNodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => tempNodeType,
		getByNameAndVersion: (_name, version) =>
			NodeHelpers.getVersionedNodeType(tempNodeType, version),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: tempNodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'tested', name: 'Tested' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const { additionalData } = createAdditionalData(
		{ id: 'credential-test', nodes: [node], connections: {} } as unknown as IWorkflowBase,
		{ [type]: data },
	);
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ resultData: { runData: {} } }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		if (cause?.response) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === cause.response.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}`,
			};
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: (error as Error).message };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		if (getPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

// lodash.get, as the tester uses it: dots and [index] segments.
function getPath(object: IDataObject, path: string): unknown {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);
}
