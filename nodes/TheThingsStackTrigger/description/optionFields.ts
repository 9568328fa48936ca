import type { INodeProperties } from 'n8n-workflow';

import { catchUpHoursOption, storageDelayOption } from '../../shared/delivery/catchUpOptions';

export const optionFields: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Batch Window (Milliseconds)',
				name: 'batchWindowMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description:
					'With several events per execution: how long the first event of a batch waits for others before its execution starts with what came',
			},
			catchUpHoursOption(
				"uplinks missed while n8n or the connection was down, when the server's event history no longer holds them",
			),
			{
				displayName: 'Emit Latest Event When Testing',
				name: 'emitLatestWhenTesting',
				type: 'boolean',
				default: false,
				description:
					'Whether "Listen for test event" emits the most recent matching event the server still has at once, instead of waiting for the next one',
			},
			{
				displayName: 'Events per Execution',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: 1,
				description:
					'For busy applications: up to this many events go into one execution, one item each (1 = an execution per event). A backlog then drains in full batches: fewer, larger executions.',
			},
			{
				displayName: 'Max Executions in Flight',
				name: 'maxExecutionsInFlight',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description:
					'Most executions of this trigger that n8n has not finished (0 = no limit). When n8n falls behind, the trigger waits for executions to finish instead of piling them up in memory; events wait meanwhile, and none are lost.',
			},
			{
				displayName: 'Reconnect After Silence (Seconds)',
				name: 'idleReconnectSeconds',
				type: 'number',
				typeOptions: { minValue: 5 },
				default: 120,
				description:
					'The Things Stack sends nothing on a quiet stream, so a connection that died without notice looks the same as a quiet one. After this long without data the trigger reconnects and catches up.',
			},
			{
				displayName: 'Replay Recent Events on Activation',
				name: 'replayOnActivation',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1000 },
				default: 0,
				description:
					'How many of the most recent matching events to emit when the workflow is activated for the first time (0 = only new events). Later activations carry on after the last emitted event instead. The server keeps about the last 100 events per entity.',
			},
			storageDelayOption('While missed uplinks are read back, each newer event'),
		],
	},
];
