// The webhook trigger in queue mode: TTS delivers to the webhook process, which checks the secret
// and enqueues; workers run the executions.
//
// TODO(webhook trigger): not built yet. Once the webhook trigger node is on main, this scenario
// publishes a workflow with it (the main registers the TTS webhook with the URL of the webhook
// process, N8N_WEBHOOK_URL), sends uplinks, and checks that every delivery was answered by the
// webhook process ("Enqueued execution N" in webhook-1.log, none by the main, which has
// N8N_DISABLE_PRODUCTION_MAIN_PROCESS), that a delivery without the secret header is refused and
// starts nothing, and that the executions ran on the workers.
export const workflows = [];

export async function verify({ group }) {
	group.note(
		'TODO webhook trigger: deliveries served by the webhook process, with the secret check — not checked until the webhook trigger node is built',
	);
}
