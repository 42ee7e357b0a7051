import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { InterviewSocketParams } from '@stafette/api';
import { assertOriginAllowed, type Grant } from '../collab/access.ts';
import { CollabServer } from '../collab/collab-server.ts';
import { recordAudit } from '../audit/record.ts';
import { notFound, unauthorized } from '../http/problem.ts';
import { canOnInterview, interviewAccess } from '../policy/interviews.ts';
import { interviewBackend, interviewDocument } from './interview-document.ts';

/**
 * The collaboration socket of interviews, `/collab/interview/:interviewId`: the same
 * y-websocket protocol, validation, group commit and presence as pages (a second
 * `CollabServer` with the interview document kind and store, same tunables), authorised by the
 * interview's privacy rule before the upgrade. Decorates `app.interviewCollab`.
 */
export const interviewCollabPlugin = fp(
  async function interviewCollab(app: FastifyInstance) {
    const server = new CollabServer(app, app.collab.options, interviewDocument, interviewBackend);
    app.decorate('interviewCollab', server);
    app.addHook('onClose', () => server.close());

    const grants = new WeakMap<FastifyRequest, Grant>();
    app.get<{ Params: { interviewId: string } }>(
      '/collab/interview/:interviewId',
      {
        websocket: true,
        // The route decides itself before the upgrade (the auth hook would answer anonymous
        // callers the same way; this keeps one code path for every refusal).
        config: { public: true },
        schema: { params: InterviewSocketParams },
        preValidation: async (request) => {
          // Read first: an access event from here on makes the socket check again before it joins.
          const accessVersion = server.accessVersion;
          assertOriginAllowed(app, request);
          const user = request.auth?.user;
          if (!user) throw unauthorized();
          const { interviewId } = request.params;
          const access = await interviewAccess(app.db, user, interviewId);
          if (!access || access.purged) throw notFound('interview');
          const readOnly = !canOnInterview(access, 'editAnswers');
          // Reading an interview is access to personal data: audited like the REST detail.
          await recordAudit(app.db, {
            actorId: user.id,
            ip: request.ip,
            action: 'interview.collab.open',
            targetType: 'interview',
            targetId: interviewId,
            detail: { readOnly },
          });
          grants.set(request, { user, pageId: interviewId, spaceId: null, readOnly, accessVersion });
        },
      },
      (socket, request) => {
        const grant = grants.get(request);
        if (!grant) return socket.close(1008, 'not authorised');
        grants.delete(request);
        server.accept(socket, grant);
      },
    );
  },
  { name: 'interview-collab', dependencies: ['collab'] },
);
