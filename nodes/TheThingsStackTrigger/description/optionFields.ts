import type { INodeProperties } from 'n8n-workflow';

export const optionFields: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Emit Latest Event When Testing',
				name: 'emitLatestWhenTesting',
				type: 'boolean',
				default: false,
				description:
					'Whether "Listen for test event" emits the most recent matching event the server still has at once, instead of waiting for the next one',
			},
			{
				displayName: 'Reconnect After Silence (Seconds)',
				name: 'idleReconnectSeconds',
				type: 'number',
				typeOptions: { minValue: 5 },
				default: 120,
				description:
					'The Things Stack sends nothing on a quiet stream, so a connection that died without notice looks the same as a quiet one. After this long without data the trigger reconnects and catches up. Keep it below the replay window.',
			},
			{
				displayName: 'Replay Recent Events on Activation',
				name: 'replayOnActivation',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1000 },
				default: 0,
				description:
					'How many of the most recent events to replay when the workflow is activated (0 = only new events). The server keeps about the last 100 events per entity.',
			},
			{
				displayName: 'Server Replay Window (Minutes)',
				name: 'replayWindowMinutes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10,
				description:
					'How far back the server replays events with their data after a disconnection (The Things Stack default: 10 minutes). A longer outage is reported on the next event under "streamGaps".',
			},
		],
	},
];
