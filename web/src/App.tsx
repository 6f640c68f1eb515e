// Routes. Signed-out visitors see the sign-in page at whatever address they opened, and land
// there again once signed in; a session that owes a second factor sees only the enrolment.
// Every page is its own chunk, fetched when first opened: the first screen downloads the frame
// and one page, not the whole application.
import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { SessionProvider, useSession } from "./auth/session.tsx";
import { Layout } from "./layout/Layout.tsx";
import { MarkingRegistry } from "./markings/registry.tsx";
import { Loading, NotFound } from "./components/Status.tsx";
import { ChunkBoundary } from "./components/ChunkBoundary.tsx";
import { allStrings, firstStrings, useStringsReady } from "./i18n/index.ts";

/**
 * A page from a module that exports it by name, loaded on first use together with the rest of
 * the language's strings (fetched side by side, so no slower than the page alone).
 */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await Promise.all([load(), allStrings()]))[0][name] as ComponentType }));
}

/** A page of the first screen: its strings are in the first part (i18n/sections.ts). */
function firstScreenPage<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await Promise.all([load(), firstStrings()]))[0][name] as ComponentType }));
}

const SignInPage = firstScreenPage(() => import("./auth/SignInPage.tsx"), "SignInPage");
const EnrolPage = page(() => import("./auth/EnrolPage.tsx"), "EnrolPage");
const MyWorkPage = firstScreenPage(() => import("./mywork/MyWorkPage.tsx"), "MyWorkPage");
const OverviewPage = page(() => import("./overview/OverviewPage.tsx"), "OverviewPage");
const NotificationsPage = page(() => import("./notifications/NotificationsPage.tsx"), "NotificationsPage");
const NotificationSettingsPage = page(() => import("./notifications/NotificationSettingsPage.tsx"), "NotificationSettingsPage");
const ForumsPage = page(() => import("./forums/ForumsPage.tsx"), "ForumsPage");
const ForumPage = page(() => import("./forums/ForumPage.tsx"), "ForumPage");
const MeetingPage = page(() => import("./meetings/MeetingPage.tsx"), "MeetingPage");
const ActionsPage = page(() => import("./actions/ActionsPage.tsx"), "ActionsPage");
const ActionPage = page(() => import("./actions/ActionPage.tsx"), "ActionPage");
const ProgrammesBoard = page(() => import("./programmes/ProgrammesBoard.tsx"), "ProgrammesBoard");
const ProgrammePage = page(() => import("./programmes/ProgrammePage.tsx"), "ProgrammePage");
const AgreementsPage = page(() => import("./registry/Agreements.tsx"), "AgreementsPage");
const AgreementPage = page(() => import("./registry/Agreements.tsx"), "AgreementPage");
const EngagementsPage = page(() => import("./registry/Engagements.tsx"), "EngagementsPage");
const EngagementPage = page(() => import("./registry/Engagements.tsx"), "EngagementPage");
const OrganisationsPage = page(() => import("./registry/Organisations.tsx"), "OrganisationsPage");
const OrganisationPage = page(() => import("./registry/Organisations.tsx"), "OrganisationPage");
const PeoplePage = page(() => import("./registry/People.tsx"), "PeoplePage");
const PersonPage = page(() => import("./registry/People.tsx"), "PersonPage");
const DocumentsPage = page(() => import("./documents/DocumentsPage.tsx"), "DocumentsPage");
const DocumentPage = page(() => import("./documents/DocumentPage.tsx"), "DocumentPage");
const UploadPage = page(() => import("./documents/UploadPage.tsx"), "UploadPage");
const SearchPage = page(() => import("./search/SearchPage.tsx"), "SearchPage");
const ReleasesPage = page(() => import("./security/ReleasesPage.tsx"), "ReleasesPage");
const AccessPage = page(() => import("./security/AccessPage.tsx"), "AccessPage");
const PeersPage = page(() => import("./federation/PeersPage.tsx"), "PeersPage");
const ReceivedPage = page(() => import("./federation/ReceivedPage.tsx"), "ReceivedPage");
const ReplicaPage = page(() => import("./federation/ReplicaPage.tsx"), "ReplicaPage");
const AuditPage = page(() => import("./audit/AuditPage.tsx"), "AuditPage");
const UsersPage = page(() => import("./admin/UsersPage.tsx"), "UsersPage");
const AccountChangesPage = page(() => import("./admin/AccountChangesPage.tsx"), "AccountChangesPage");
const DraftsPage = page(() => import("./drafts/DraftsPage.tsx"), "DraftsPage");
const DraftPage = page(() => import("./drafts/DraftPage.tsx"), "DraftPage");
const SourcePage = page(() => import("./drafts/SourcePage.tsx"), "SourcePage");
const NewRecordPage = page(() => import("./edit/EditPage.tsx"), "NewRecordPage");
const EditRecordPage = page(() => import("./edit/EditPage.tsx"), "EditRecordPage");
const AccountPage = page(() => import("./auth/AccountPage.tsx"), "AccountPage");

/** A page shown outside the signed-in frame (sign-in, enrolment). */
function Bare({ children }: { children: ReactNode }) {
  return (
    <ChunkBoundary>
      <Suspense fallback={<main id="main"><Loading /></main>}>{children}</Suspense>
    </ChunkBoundary>
  );
}

/** Before the session and the strings have come: nothing to read yet, only a busy page. */
const Starting = () => <main id="main" className="starting" aria-busy="true" data-loading="" />;

function Gate() {
  const { status } = useSession();
  // A signed-in session switches to the reader's language before it reports; only then are the
  // strings fetched, so a Hindi reader never downloads the English ones first.
  const ready = useStringsReady(status !== "loading");
  if (status === "loading" || !ready) return <Starting />;
  if (status === "signed-out") return <Bare><SignInPage /></Bare>;
  if (status === "enrol") return <Bare><EnrolPage /></Bare>;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<MyWorkPage />} />
        <Route path="overview" element={<OverviewPage />} />
        <Route path="overview/:country" element={<OverviewPage />} />
        <Route path="forums" element={<ForumsPage />} />
        <Route path="forums/:id" element={<ForumPage />} />
        <Route path="meetings/:id" element={<MeetingPage />} />
        <Route path="actions" element={<ActionsPage />} />
        <Route path="actions/:id" element={<ActionPage />} />
        <Route path="programmes" element={<ProgrammesBoard />} />
        <Route path="programmes/:id" element={<ProgrammePage />} />
        <Route path="agreements" element={<AgreementsPage />} />
        <Route path="agreements/:id" element={<AgreementPage />} />
        <Route path="engagements" element={<EngagementsPage />} />
        <Route path="engagements/:id" element={<EngagementPage />} />
        <Route path="organisations" element={<OrganisationsPage />} />
        <Route path="organisations/:id" element={<OrganisationPage />} />
        <Route path="people" element={<PeoplePage />} />
        <Route path="people/:id" element={<PersonPage />} />
        <Route path="documents" element={<DocumentsPage />} />
        <Route path="documents/new" element={<UploadPage />} />
        <Route path="documents/:id" element={<DocumentPage />} />
        <Route path="search" element={<SearchPage />} />
        <Route path="security/releases" element={<ReleasesPage />} />
        <Route path="security/access" element={<AccessPage />} />
        <Route path="security/federation" element={<PeersPage />} />
        <Route path="received" element={<ReceivedPage />} />
        <Route path="received/:id" element={<ReplicaPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="admin/account-changes" element={<AccountChangesPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="drafts" element={<DraftsPage />} />
        <Route path="drafts/:id" element={<DraftPage />} />
        <Route path="sources/:id" element={<SourcePage />} />
        <Route path=":collection/new" element={<NewRecordPage />} />
        <Route path=":collection/:id/edit" element={<EditRecordPage />} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="notifications/settings" element={<NotificationSettingsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <MarkingRegistry>
          <Gate />
        </MarkingRegistry>
      </SessionProvider>
    </BrowserRouter>
  );
}
