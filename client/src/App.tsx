/**
 * Top-level routing. Before sign-in only the login (any path, so deep links survive the
 * login) and the first-start setup exist; after it the app shell with its screens.
 * Routes added later (profile, administration, history) go into the signed-in <Routes>.
 */
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation } from 'react-router';
import { AppShell } from './layout/AppShell.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { PageScreen } from './screens/PageScreen.tsx';
import { CompareRoute, LandscapeRoute, NewProcessRoute, ProcessRoute } from './processes/routes.tsx';
import { InterviewRoute, InterviewsRoute } from './interviews/routes.tsx';
import { SetupScreen } from './screens/SetupScreen.tsx';
import { KnowledgeRiskScreen } from './knowledge/KnowledgeRiskScreen.tsx';
import { OnboardingScreen } from './onboarding/OnboardingScreen.tsx';
import { KnowledgeGapsScreen } from './knowledge-gaps/KnowledgeGapsScreen.tsx';
import { PeopleScreen } from './people/PeopleScreen.tsx';
import { PersonScreen } from './people/PersonScreen.tsx';
import { DashboardScreen } from './dashboard/DashboardScreen.tsx';
import { SearchScreen } from './search/SearchScreen.tsx';
import { SpaceScreen } from './screens/SpaceScreen.tsx';
import { useSession } from './session/session.tsx';
import { WorkspaceProvider } from './workspace/workspace.tsx';
import { OfflineSupport } from './offline/OfflineSupport.tsx';
import { HistoryScreen } from './history/HistoryScreen.tsx';
import { ProfileScreen } from './profile/ProfileScreen.tsx';
import { AdminScreen } from './admin/AdminScreen.tsx';
import { SecondFactorEnrolmentScreen } from './profile/SecondFactorEnrolmentScreen.tsx';
import { ImportScreen } from './imports/ImportScreen.tsx';
import { TemplatesScreen } from './templates/TemplatesScreen.tsx';
import { NotFound } from './ui/NotFound.tsx';
import { useDocumentTitle } from './ui/use-document-title.ts';

export function App() {
  const { t } = useTranslation();
  const { state, retry } = useSession();
  const location = useLocation();

  useDocumentTitle(state.status === 'anonymous' ? t('login.title') : null);

  if (state.status === 'loading') return <p className="splash">{t('common.loading')}</p>;
  if (state.status === 'error') {
    return (
      <main className="splash" id="main">
        <p>{t('common.errorNetwork')}</p>
        <button type="button" className="button button-primary" onClick={retry}>
          {t('common.retry')}
        </button>
      </main>
    );
  }
  if (location.pathname === '/setup' && state.status === 'anonymous') return <SetupScreen />;
  if (state.status === 'anonymous') return <LoginScreen />;
  if (state.enrolSecondFactor) return <SecondFactorEnrolmentScreen />;

  return (
    <WorkspaceProvider>
      <OfflineSupport />
      <AppShell>
        <Routes>
          <Route path="/" element={<HomeScreen />} />
          <Route path="/spaces/:spaceId" element={<SpaceScreen />} />
          <Route path="/spaces/:spaceId/templates" element={<TemplatesScreen />} />
          <Route path="/spaces/:spaceId/import" element={<ImportScreen />} />
          <Route path="/pages/:pageId" element={<PageScreen />} />
          <Route path="/pages/:pageId/history" element={<HistoryScreen />} />
          <Route path="/profile" element={<ProfileScreen />} />
          <Route path="/admin/*" element={<AdminScreen />} />
          <Route path="/processes/:processId" element={<ProcessRoute />} />
          <Route path="/processes/:processId/steps/:elementId" element={<ProcessRoute />} />
          <Route path="/spaces/:spaceId/processes/new" element={<NewProcessRoute />} />
          <Route path="/spaces/:spaceId/processes" element={<LandscapeRoute />} />
          <Route path="/processes/:processId/compare" element={<CompareRoute />} />
          <Route path="/interviews" element={<InterviewsRoute />} />
          <Route path="/interviews/:interviewId" element={<InterviewRoute />} />
          <Route path="/knowledge" element={<KnowledgeRiskScreen />} />
          <Route path="/onboarding" element={<OnboardingScreen />} />
          <Route path="/knowledge-gaps" element={<KnowledgeGapsScreen />} />
          <Route path="/dashboard" element={<DashboardScreen />} />
          <Route path="/people" element={<PeopleScreen />} />
          <Route path="/people/:personId" element={<PersonScreen />} />
          <Route path="/search" element={<SearchScreen />} />
          <Route path="/setup" element={<HomeScreen />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </AppShell>
    </WorkspaceProvider>
  );
}
