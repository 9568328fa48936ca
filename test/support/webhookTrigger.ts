import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';

import { TheThingsStackWebhookTrigger } from '../../nodes/TheThingsStackWebhookTrigger/TheThingsStackWebhookTrigger.node.ts';
import { createAdditionalData } from './additionalData';
import { nodeTypes, PACKAGE, PASS_THROUGH_NODE_TYPE } from './nodeTypes';
import { CREDENTIAL_TYPE } from './workflow';

export const WEBHOOK_TRIGGER_NODE_TYPE = `${PACKAGE}.theThingsStackWebhookTrigger`;
const TRIGGER_NAME = 'The Things Stack Webhook Trigger';
const NEXT_NAME = 'Next';

export interface WebhookExecution {
	/** `webhook` for the active workflow, `manual` for "Listen for test event". */
	mode: WorkflowExecuteMode;
	/** The trigger node's output. */
	items: INodeExecutionData[];
	/** What the node after it received. */
	nextNodeItems: INodeExecutionData[];
	run: IRun;
}

export interface WebhookRequestRecord {
	path: string;
	status: number;
	/** The answer's body, as sent. */
	body: string;
	/** Whether the request started an execution. */
	started: boolean;
}

export interface N8nWebhookHostOptions {
	parameters: INodeParameters;
	credentials: ICredentialDataDecryptedObject;
	workflowId?: string;
	nodeId?: string;
	webhookId?: string;
}

/**
 * What n8n does around a webhook trigger, with n8n-core's own contexts: an HTTP server serving the
 * node's production (`/webhook/…`) and test (`/webhook-test/…`) URLs on loopback; activation and
 * deactivation through a HookContext (checkExists, then create; delete), after which the
 * workflow's static data is saved; each request through a WebhookContext on a Workflow built with
 * the static data as stored (loaded per request and saved after it when the node changed it, as
 * packages/cli/src/webhooks/live-webhooks.ts does, so concurrent requests overwrite each other's);
 * the answer before the execution (responseMode onReceived); every execution through the real
 * WorkflowExecute, from the trigger into a pass-through node. `restartProcess()` loads the node's
 * modules afresh, as a restarted n8n (or another webhook process) does.
 */
export class N8nWebhookHost {
	readonly executions: WebhookExecution[] = [];
	readonly requests: WebhookRequestRecord[] = [];
	/** The workflow's static data as n8n's database holds it (JSON). */
	storedStaticData = '{}';
	private testStaticData: IDataObject | undefined;
	private nodeType: INodeType = new TheThingsStackWebhookTrigger();
	private server: Server | undefined;
	private port = 0;
	private readonly running = new Set<Promise<unknown>>();
	private testExecution: { resolve: (execution: WebhookExecution) => void } | undefined;
	private readonly node: INode;
	private readonly next: INode;
	private readonly workflowId: string;

	constructor(private readonly options: N8nWebhookHostOptions) {
		this.workflowId = options.workflowId ?? 'webhookWorkflow01';
		this.node = {
			id: options.nodeId ?? 'tts-webhook-trigger',
			name: TRIGGER_NAME,
			type: WEBHOOK_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: options.webhookId ?? '0f5c3c3e-1d2a-4c8b-9a43-4be1d2a7c001',
			parameters: options.parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: 'tts-credential', name: 'The Things Stack test' } },
		};
		this.next = {
			id: 'next',
			name: NEXT_NAME,
			type: PASS_THROUGH_NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: {},
		};
	}

	/** n8n's base URL, e.g. `http://127.0.0.1:40123`. */
	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get productionUrl(): string {
		return `${this.url}/webhook/${this.node.webhookId}/tts`;
	}

	get testUrl(): string {
		return `${this.url}/webhook-test/${this.node.webhookId}/tts`;
	}

	/** The node's static data as stored (what the database holds). */
	get staticData(): IDataObject {
		const stored = JSON.parse(this.storedStaticData) as IDataObject;
		return (stored[`node:${TRIGGER_NAME}`] as IDataObject | undefined) ?? {};
	}

	/** Starts serving (again, on the same port after a stop). */
	async start(): Promise<void> {
		const server = createServer((request, response) => this.serve(request, response));
		await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
		this.port = (server.address() as AddressInfo).port;
		this.server = server;
	}

	/** Stops serving: requests are refused, as by an n8n that is down. */
	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** A new n8n process: the node's modules and their in-memory state are loaded afresh. */
	async restartProcess(): Promise<void> {
		await jest.isolateModulesAsync(async () => {
			const module =
				await import('../../nodes/TheThingsStackWebhookTrigger/TheThingsStackWebhookTrigger.node.ts');
			this.nodeType = new module.TheThingsStackWebhookTrigger();
		});
	}

	/** Publishes the workflow: checkExists, then create if needed; the static data is saved. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<void> {
		const workflow = this.workflow(this.loadStaticData());
		await this.runHook(workflow, 'trigger', activation, false);
		this.saveStaticData(workflow);
	}

	/** Unpublishes it: delete; the static data is saved. */
	async deactivate(): Promise<void> {
		const workflow = this.workflow(this.loadStaticData());
		await this.runHookMethod(workflow, 'delete', 'internal', 'update', false);
		this.saveStaticData(workflow);
	}

	/**
	 * "Listen for test event": registers the test webhook with empty static data (kept with the
	 * registration, never saved), waits for the first test execution, then deletes the webhook.
	 * `whileListening` runs once the test webhook is registered.
	 */
	async listenForTestEvent(whileListening: () => Promise<void>): Promise<WebhookExecution> {
		const workflow = this.workflow({});
		await this.runHook(workflow, 'manual', 'manual', true);
		this.testStaticData = workflow.staticData;
		const execution = new Promise<WebhookExecution>(
			(resolve) => (this.testExecution = { resolve }),
		);
		await whileListening();
		const result = await execution;
		await this.deleteTestWebhook();
		return result;
	}

	/** Ends a test registration without an event (n8n's timeout, or the user stopping it). */
	async deleteTestWebhook(): Promise<void> {
		if (!this.testStaticData) return;
		const workflow = this.workflow(this.testStaticData);
		this.testStaticData = undefined;
		this.testExecution = undefined;
		await this.runHookMethod(workflow, 'delete', 'internal', 'update', true);
	}

	/** Resolves once every request and execution started so far has finished. */
	async idle(): Promise<void> {
		while (this.running.size > 0) await Promise.all([...this.running]);
	}

	async close(): Promise<void> {
		await this.stop();
		await this.idle();
	}

	private async runHook(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
		isTest: boolean,
	): Promise<void> {
		const exists = await this.runHookMethod(workflow, 'checkExists', mode, activation, isTest);
		if (!exists) await this.runHookMethod(workflow, 'create', mode, activation, isTest);
	}

	private async runHookMethod(
		workflow: Workflow,
		method: 'checkExists' | 'create' | 'delete',
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
		isTest: boolean,
	): Promise<boolean> {
		const additionalData = this.additionalData();
		const context = new HookContext(
			workflow,
			this.node,
			additionalData,
			mode,
			activation,
			this.webhookData(additionalData, isTest),
		);
		const hook = this.nodeType.webhookMethods?.default?.[method];
		if (!hook) throw new Error(`the node has no ${method}`);
		return (await hook.call(context)) === true;
	}

	private serve(request: IncomingMessage, response: ServerResponse): void {
		const handling = this.handle(request, response).catch((error: Error) => {
			if (!response.headersSent) response.writeHead(500).end(error.message);
		});
		this.running.add(handling);
		void handling.finally(() => this.running.delete(handling));
	}

	private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
		let rawBody = '';
		for await (const chunk of incoming) rawBody += chunk;
		const url = new URL(incoming.url ?? '/', this.url);
		const isTest = url.pathname === new URL(this.testUrl).pathname;
		if (!isTest && url.pathname !== new URL(this.productionUrl).pathname) {
			response
				.writeHead(404)
				.end('{"code":404,"message":"The requested webhook is not registered."}');
			return;
		}
		if (isTest && !this.testStaticData) {
			response
				.writeHead(404)
				.end('{"code":404,"message":"The requested webhook is not registered."}');
			return;
		}
		const record: WebhookRequestRecord = {
			path: url.pathname,
			status: 0,
			body: '',
			started: false,
		};
		this.requests.push(record);
		const answer = adaptResponse(response, record);
		const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
		// live-webhooks.ts: the workflow with the static data from the database, per request.
		const workflow = this.workflow(
			isTest ? (this.testStaticData as IDataObject) : this.loadStaticData(),
		);
		const additionalData = this.additionalData();
		const request = adaptRequest(incoming, url, rawBody);
		Object.assign(additionalData, { httpRequest: request, httpResponse: answer });
		const context = new WebhookContext(
			workflow,
			this.node,
			additionalData,
			mode,
			this.webhookData(additionalData, isTest),
			[],
			null,
		);
		const result: IWebhookResponseData = await this.nodeType.webhook!.call(context);
		if (!isTest) this.saveStaticData(workflow);
		if (result.noWebhookResponse !== true && !response.headersSent) {
			const message = result.workflowData ? 'Workflow was started' : 'Webhook call received';
			answer.status(200).json({ message });
		}
		if (!result.workflowData) return;
		record.started = true;
		const execution = await this.execute(workflow, mode, result.workflowData);
		this.executions.push(execution);
		if (isTest) this.testExecution?.resolve(execution);
	}

	private async execute(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		workflowData: INodeExecutionData[][],
	): Promise<WebhookExecution> {
		const { additionalData, finished } = createAdditionalData(this.workflowBase(), {
			[CREDENTIAL_TYPE]: this.options.credentials,
		});
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: this.node, data: { main: workflowData }, source: null }],
			},
		});
		const run = await new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
		await finished;
		const runData = run.data.resultData.runData;
		return {
			mode,
			items: runData[TRIGGER_NAME]?.[0]?.data?.main?.[0] ?? [],
			nextNodeItems: runData[NEXT_NAME]?.[0]?.data?.main?.[0] ?? [],
			run,
		};
	}

	private loadStaticData(): IDataObject {
		return JSON.parse(this.storedStaticData) as IDataObject;
	}

	// WorkflowStaticDataService.saveStaticData: the whole object, when something changed it.
	private saveStaticData(workflow: Workflow): void {
		const staticData = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (staticData.__dataChanged !== true) return;
		const data: IDataObject = { ...staticData };
		delete data.__dataChanged;
		this.storedStaticData = JSON.stringify(data);
		staticData.__dataChanged = false;
	}

	private workflow(staticData: IDataObject): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'Webhook trigger',
			nodes: [this.node, this.next],
			connections: {
				[TRIGGER_NAME]: { main: [[{ node: NEXT_NAME, type: NodeConnectionTypes.Main, index: 0 }]] },
			},
			active: true,
			nodeTypes: this.nodeTypes(),
			staticData,
		});
	}

	private workflowBase(): IWorkflowBase {
		return {
			id: this.workflowId,
			name: 'Webhook trigger',
			active: true,
			isArchived: false,
			nodes: [this.node, this.next],
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		} as unknown as IWorkflowBase;
	}

	private additionalData(): IWorkflowExecuteAdditionalData {
		const { additionalData } = createAdditionalData(this.workflowBase(), {
			[CREDENTIAL_TYPE]: this.options.credentials,
		});
		return Object.assign(additionalData, {
			webhookBaseUrl: `${this.url}/webhook`,
			webhookTestBaseUrl: `${this.url}/webhook-test`,
		});
	}

	private webhookData(
		additionalData: IWorkflowExecuteAdditionalData,
		isTest: boolean,
	): IWebhookData {
		const description = this.nodeType.description.webhooks![0];
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/tts`,
			webhookDescription: description,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest,
		};
	}

	private nodeTypes(): INodeTypes {
		const nodeType = this.nodeType;
		return {
			getByName: (type: string): INodeType | IVersionedNodeType =>
				type === WEBHOOK_TRIGGER_NODE_TYPE ? nodeType : nodeTypes.getByName(type),
			getByNameAndVersion: (type: string, version?: number): INodeType =>
				type === WEBHOOK_TRIGGER_NODE_TYPE
					? NodeHelpers.getVersionedNodeType(nodeType, version)
					: nodeTypes.getByNameAndVersion(type, version),
			getKnownTypes: () => ({}),
		};
	}
}

/** The request as n8n's express app hands it to webhook(): parsed JSON body, lower-case headers. */
function adaptRequest(incoming: IncomingMessage, url: URL, rawBody: string): IDataObject {
	let body: IDataObject = {};
	try {
		body = rawBody ? (JSON.parse(rawBody) as IDataObject) : {};
	} catch {
		body = {};
	}
	return {
		method: incoming.method,
		url: incoming.url,
		headers: incoming.headers,
		body,
		rawBody: Buffer.from(rawBody),
		query: Object.fromEntries(url.searchParams),
		params: {},
		ip: incoming.socket.remoteAddress,
		header: (name: string) => incoming.headers[name.toLowerCase()],
	};
}

/** The parts of express's response that nodes and n8n's webhook helpers use. */
function adaptResponse(response: ServerResponse, record: WebhookRequestRecord) {
	let status = 200;
	const write = (body: string, contentType: string) => {
		record.status = status;
		record.body = body;
		if (!response.headersSent) response.writeHead(status, { 'content-type': contentType });
		response.end(body);
	};
	const answer = {
		status(code: number) {
			status = code;
			return answer;
		},
		send(body: unknown) {
			write(typeof body === 'string' ? body : JSON.stringify(body), 'text/plain');
			return answer;
		},
		json(body: unknown) {
			write(JSON.stringify(body), 'application/json');
			return answer;
		},
		end() {
			if (!response.writableEnded) write('', 'text/plain');
			return answer;
		},
		get headersSent() {
			return response.headersSent;
		},
	};
	return answer;
}
