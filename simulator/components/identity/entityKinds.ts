import type { EntityType } from '../../auth/rights';
import type { ErrorId } from '../../errors/catalog';

/** How one kind of IS entity is named in requests, rights, events and errors. */
export interface EntityKind {
	type: EntityType;
	/** `application_id` */
	idField: string;
	/** `application_ids` */
	idsField: string;
	/** Request/response field of the entity: `application` */
	messageField: string;
	/** List response field: `applications` */
	listField: string;
	/** `ApplicationRegistry` */
	service: string;
	infoRight: string;
	updateRight: string;
	deleteRight: string;
	apiKeysRight: string;
	/** Right on the user / organization to create one, if creatable under them. */
	createUnderUserRight?: string;
	createUnderOrganizationRight?: string;
	allRight: string;
	notFound: ErrorId;
	purgeOnlyByAdmins: ErrorId;
	idPattern: 'entity' | 'user';
	/** Right on the user / organization to list its entities of this kind. */
	listUnderUserRight?: string;
	listUnderOrganizationRight?: string;
	/** Fields anyone may read (pkg/ttnpb/public.go Public<Kind>Fields). */
	publicFields: string[];
	/** Fields List may order by (List<Kind>sRequest.order); Search drops `admin`. */
	orderFields: string[];
}

// pkg/ttnpb/public.go PublicEntityFields.
const publicEntityFields = ['ids', 'created_at', 'updated_at', 'deleted_at', 'contact_info'];

export const entityKinds: Record<EntityType, EntityKind> = {
	application: {
		type: 'application',
		idField: 'application_id',
		idsField: 'application_ids',
		messageField: 'application',
		listField: 'applications',
		service: 'ApplicationRegistry',
		infoRight: 'RIGHT_APPLICATION_INFO',
		updateRight: 'RIGHT_APPLICATION_SETTINGS_BASIC',
		deleteRight: 'RIGHT_APPLICATION_DELETE',
		apiKeysRight: 'RIGHT_APPLICATION_SETTINGS_API_KEYS',
		createUnderUserRight: 'RIGHT_USER_APPLICATIONS_CREATE',
		createUnderOrganizationRight: 'RIGHT_ORGANIZATION_APPLICATIONS_CREATE',
		allRight: 'RIGHT_APPLICATION_ALL',
		notFound: 'pkg/identityserver/store:application_not_found',
		purgeOnlyByAdmins: 'pkg/identityserver:admins_purge_applications',
		idPattern: 'entity',
		listUnderUserRight: 'RIGHT_USER_APPLICATIONS_LIST',
		listUnderOrganizationRight: 'RIGHT_ORGANIZATION_APPLICATIONS_LIST',
		orderFields: ['application_id', 'name', 'created_at'],
		publicFields: [...publicEntityFields, 'administrative_contact', 'technical_contact'],
	},
	gateway: {
		type: 'gateway',
		idField: 'gateway_id',
		idsField: 'gateway_ids',
		messageField: 'gateway',
		listField: 'gateways',
		service: 'GatewayRegistry',
		infoRight: 'RIGHT_GATEWAY_INFO',
		updateRight: 'RIGHT_GATEWAY_SETTINGS_BASIC',
		deleteRight: 'RIGHT_GATEWAY_DELETE',
		apiKeysRight: 'RIGHT_GATEWAY_SETTINGS_API_KEYS',
		createUnderUserRight: 'RIGHT_USER_GATEWAYS_CREATE',
		createUnderOrganizationRight: 'RIGHT_ORGANIZATION_GATEWAYS_CREATE',
		allRight: 'RIGHT_GATEWAY_ALL',
		notFound: 'pkg/identityserver/store:gateway_not_found',
		purgeOnlyByAdmins: 'pkg/identityserver:admins_purge_gateways',
		idPattern: 'entity',
		listUnderUserRight: 'RIGHT_USER_GATEWAYS_LIST',
		listUnderOrganizationRight: 'RIGHT_ORGANIZATION_GATEWAYS_LIST',
		orderFields: ['gateway_id', 'gateway_eui', 'name', 'created_at'],
		publicFields: [
			...publicEntityFields,
			'name',
			'description',
			'frequency_plan_id',
			'frequency_plan_ids',
			'status_public',
			'gateway_server_address',
			'location_public',
			'antennas',
			'lrfhss.supported',
			'administrative_contact',
			'technical_contact',
		],
	},
	organization: {
		type: 'organization',
		idField: 'organization_id',
		idsField: 'organization_ids',
		messageField: 'organization',
		listField: 'organizations',
		service: 'OrganizationRegistry',
		infoRight: 'RIGHT_ORGANIZATION_INFO',
		updateRight: 'RIGHT_ORGANIZATION_SETTINGS_BASIC',
		deleteRight: 'RIGHT_ORGANIZATION_DELETE',
		apiKeysRight: 'RIGHT_ORGANIZATION_SETTINGS_API_KEYS',
		createUnderUserRight: 'RIGHT_USER_ORGANIZATIONS_CREATE',
		allRight: 'RIGHT_ORGANIZATION_ALL',
		notFound: 'pkg/identityserver/store:organization_not_found',
		purgeOnlyByAdmins: 'pkg/identityserver:admins_purge_organizations',
		idPattern: 'entity',
		listUnderUserRight: 'RIGHT_USER_ORGANIZATIONS_LIST',
		orderFields: ['organization_id', 'name', 'created_at'],
		publicFields: [...publicEntityFields, 'name', 'administrative_contact', 'technical_contact'],
	},
	user: {
		type: 'user',
		idField: 'user_id',
		idsField: 'user_ids',
		messageField: 'user',
		listField: 'users',
		service: 'UserRegistry',
		infoRight: 'RIGHT_USER_INFO',
		updateRight: 'RIGHT_USER_SETTINGS_BASIC',
		deleteRight: 'RIGHT_USER_DELETE',
		apiKeysRight: 'RIGHT_USER_SETTINGS_API_KEYS',
		allRight: 'RIGHT_USER_ALL',
		notFound: 'pkg/identityserver/store:user_not_found',
		purgeOnlyByAdmins: 'pkg/identityserver:admins_purge_users',
		idPattern: 'user',
		orderFields: ['user_id', 'name', 'primary_email_address', 'state', 'admin'],
		publicFields: [
			...publicEntityFields,
			'name',
			'description',
			'state',
			'admin',
			'profile_picture',
		],
	},
	client: {
		type: 'client',
		idField: 'client_id',
		idsField: 'client_ids',
		messageField: 'client',
		listField: 'clients',
		service: 'ClientRegistry',
		infoRight: 'RIGHT_CLIENT_INFO',
		updateRight: 'RIGHT_CLIENT_SETTINGS_BASIC',
		deleteRight: 'RIGHT_CLIENT_DELETE',
		apiKeysRight: 'RIGHT_CLIENT_ALL',
		createUnderUserRight: 'RIGHT_USER_CLIENTS_CREATE',
		createUnderOrganizationRight: 'RIGHT_ORGANIZATION_CLIENTS_CREATE',
		allRight: 'RIGHT_CLIENT_ALL',
		notFound: 'pkg/identityserver/store:client_not_found',
		purgeOnlyByAdmins: 'pkg/identityserver:admins_purge_clients',
		idPattern: 'entity',
		listUnderUserRight: 'RIGHT_USER_CLIENTS_LIST',
		listUnderOrganizationRight: 'RIGHT_ORGANIZATION_CLIENTS_LIST',
		orderFields: ['client_id', 'name', 'created_at'],
		publicFields: [
			...publicEntityFields,
			'name',
			'description',
			'redirect_uris',
			'logout_redirect_uris',
			'state',
			'skip_authorization',
			'endorsed',
			'grants',
			'rights',
			'administrative_contact',
			'technical_contact',
		],
	},
};
