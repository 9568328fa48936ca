import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression } from 'n8n-workflow';

import { TheThingsStackApi } from '../../credentials/TheThingsStackApi.credentials';

const credentialTypes: Record<string, ICredentialType> = {
	theThingsStackApi: new TheThingsStackApi(),
};

export function credentialType(name: string): ICredentialType {
	const type = credentialTypes[name];
	if (!type) throw new Error(`Unknown credential type ${name}`);
	return type;
}

/** Fills in the defaults of the credential's properties, as n8n does before handing data to a node. */
export function withCredentialDefaults(
	type: string,
	data: ICredentialDataDecryptedObject,
): ICredentialDataDecryptedObject {
	const withDefaults: ICredentialDataDecryptedObject = {};
	for (const property of credentialType(type).properties) {
		withDefaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
	}
	return { ...withDefaults, ...data };
}

/**
 * The credentials side of n8n's CLI, reduced to what nodes see: stored data with defaults,
 * and `authenticate` resolving the generic expressions against `$credentials` exactly as
 * packages/cli/src/credentials-helper.ts does.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return withCredentialDefaults(type, data);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const { authenticate } = credentialType(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		if (!workflow || !node) throw new Error('authenticate needs the workflow and the node');
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			const target = ((requestOptions as unknown as Record<string, Record<string, string>>)[
				outerKey
			] ??= {});
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				target[resolve(key, credentials, workflow, node)] = resolve(
					value,
					credentials,
					workflow,
					node,
				);
			}
		}
		return requestOptions;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('getCredentials is not used by these nodes');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialType(type).properties;
	}
}

function resolve(
	value: string,
	credentials: ICredentialDataDecryptedObject,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(value)) return value;
	const resolved = workflow.expression.getSimpleParameterValue(
		node,
		value,
		'internal',
		{ $credentials: credentials },
		undefined,
		'',
	);
	return resolved ? String(resolved) : '';
}
