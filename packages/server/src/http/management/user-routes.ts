import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateUserDtoSchema,
  DeleteUsersBatchDtoSchema,
  EnvelopeSchema,
  IsSuccessDataSchema,
  ListUsersDtoSchema,
  ManagedUserDtoSchema,
  UpdateUserDtoSchema,
  UserPagingDataSchema,
  UserReferenceQuerySchema,
  type ListUsersDto,
} from '@tessera/contract';
import { TesseraError } from '../../domain/errors.js';
import type { UserFilter, UserInput } from '../../domain/management/management-users.js';
import type { UserRecord } from '../../domain/ports.js';
import type { Services } from '../../runtime.js';
import { toUserDto } from '../plugins/user-dto.js';
import { successEnvelope } from '../v3/envelope.js';
import { managementCallerOf, managementContext } from './management-caller.js';

const managedUserDto = (user: UserRecord) => ({ ...toUserDto(user), ...(user.externalId ? { externalId: user.externalId } : {}) });

/** list-users filters: `advancedFilter` EQUAL on email, phone or username; anything else is refused clearly. */
function filtersOf(dto: ListUsersDto): UserFilter[] {
  if (dto.keywords) throw new TesseraError('VALIDATION_FAILED', { detail: 'keywords search is not supported; filter by email, phone or username' });
  return (dto.advancedFilter ?? []).map((filter) => {
    const field = filter.field;
    if ((field !== 'email' && field !== 'phone' && field !== 'username') || filter.operator !== 'EQUAL' || typeof filter.value !== 'string') {
      throw new TesseraError('VALIDATION_FAILED', { detail: 'advancedFilter supports EQUAL on email, phone or username with a string value' });
    }
    return { field, value: filter.value };
  });
}

/** The user basics a management client needs around the MFA methods, with the official shapes. */
export function userRoutes(services: Services): FastifyPluginAsyncTypebox {
  const { users } = services.management;
  const tags = ['management'];
  return async (app) => {
    app.post('/create-user', {
      schema: { operationId: 'createUser', tags, summary: 'Create a user; `otp` binds a TOTP secret brought from another system', body: CreateUserDtoSchema, response: { 200: EnvelopeSchema(ManagedUserDtoSchema) } },
      handler: async (request) => {
        const context = { ...managementContext(request), actor: managementCallerOf(request).accessKeyId };
        return successEnvelope(request, managedUserDto(await users.createUser(request.body as UserInput, context)));
      },
    });

    app.get('/get-user', {
      schema: { operationId: 'getUser', tags, summary: 'Get a user', querystring: UserReferenceQuerySchema, response: { 200: EnvelopeSchema(ManagedUserDtoSchema) } },
      handler: async (request) => successEnvelope(request, managedUserDto(await users.getUser(request.query))),
    });

    app.post('/list-users', {
      schema: { operationId: 'listUsers', tags, summary: 'List users, paginated, by creation', body: ListUsersDtoSchema, response: { 200: EnvelopeSchema(UserPagingDataSchema) } },
      handler: async (request) => {
        const pagination = request.body.options?.pagination;
        const page = await users.listUsers({ page: pagination?.page ?? undefined, limit: pagination?.limit ?? undefined, filters: filtersOf(request.body) });
        return successEnvelope(request, { totalCount: page.totalCount, list: page.users.map(managedUserDto) });
      },
    });

    app.post('/update-user', {
      schema: { operationId: 'updateUser', tags, summary: 'Change a user', body: UpdateUserDtoSchema, response: { 200: EnvelopeSchema(ManagedUserDtoSchema) } },
      handler: async (request) => {
        const { userId, options, ...changes } = request.body;
        const user = await users.updateUser({ userId, userIdType: options?.userIdType }, changes as UserInput);
        return successEnvelope(request, managedUserDto(user));
      },
    });

    app.post('/delete-users-batch', {
      schema: { operationId: 'deleteUsersBatch', tags, summary: 'Delete users with their factors and sessions', body: DeleteUsersBatchDtoSchema, response: { 200: EnvelopeSchema(IsSuccessDataSchema) } },
      handler: async (request) => {
        await users.deleteUsers(request.body.userIds, request.body.options?.userIdType ?? undefined, managementContext(request));
        return successEnvelope(request, { success: true });
      },
    });
  };
}
