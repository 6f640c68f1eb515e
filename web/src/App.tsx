// Routes. Signed-out visitors see the sign-in page at whatever address they opened, and land
// there again once signed in; a session that owes a second factor sees only the enrolment.
import { BrowserRouter, Route, Routes } from "react-router";
import { SessionProvider, useSession } from "./auth/session.tsx";
import { SignInPage } from "./auth/SignInPage.tsx";
import { EnrolPage } from "./auth/EnrolPage.tsx";
import { Layout } from "./layout/Layout.tsx";
import { MarkingRegistry } from "./markings/registry.tsx";
import { Loading, NotFound } from "./components/Status.tsx";
import { OverviewPage } from "./overview/OverviewPage.tsx";
import { ForumsPage } from "./forums/ForumsPage.tsx";
import { ForumPage } from "./forums/ForumPage.tsx";
import { MeetingPage } from "./meetings/MeetingPage.tsx";
import { ActionsPage } from "./actions/ActionsPage.tsx";
import { ActionPage } from "./actions/ActionPage.tsx";
import { ProgrammesBoard } from "./programmes/ProgrammesBoard.tsx";
import { ProgrammePage } from "./programmes/ProgrammePage.tsx";
import { AgreementsPage, AgreementPage } from "./registry/Agreements.tsx";
import { EngagementsPage, EngagementPage } from "./registry/Engagements.tsx";
import { OrganisationsPage, OrganisationPage } from "./registry/Organisations.tsx";
import { PeoplePage, PersonPage } from "./registry/People.tsx";
import { DocumentsPage } from "./documents/DocumentsPage.tsx";
import { DocumentPage } from "./documents/DocumentPage.tsx";
import { UploadPage } from "./documents/UploadPage.tsx";
import { SearchPage } from "./search/SearchPage.tsx";
import { ReleasesPage } from "./security/ReleasesPage.tsx";
import { AccessPage } from "./security/AccessPage.tsx";
import { AuditPage } from "./audit/AuditPage.tsx";
import { UsersPage } from "./admin/UsersPage.tsx";
import { AccountChangesPage } from "./admin/AccountChangesPage.tsx";
import { AccountPage } from "./auth/AccountPage.tsx";

function Gate() {
  const { status } = useSession();
  if (status === "loading") return <main id="main"><Loading /></main>;
  if (status === "signed-out") return <SignInPage />;
  if (status === "enrol") return <EnrolPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<OverviewPage />} />
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
        <Route path="audit" element={<AuditPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="admin/account-changes" element={<AccountChangesPage />} />
        <Route path="account" element={<AccountPage />} />
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
