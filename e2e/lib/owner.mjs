// The owner account the end-to-end tests create in each n8n (the setup screen's REST call) and log
// in with for the editor's REST API.
export const E2E_OWNER = {
	email: 'e2e@example.com',
	firstName: 'End',
	lastName: 'Toend',
	password: 'E2e-password-1',
};
