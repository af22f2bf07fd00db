import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { Link } from './components/link';
import { BASE, location, match, navigate } from './lib/router';
import { canReadTrials, canScreen, endSession, session } from './lib/session';
import { useSignal } from './lib/signal';
import { CompoundPage } from './pages/compound';
import { EvaluationPage } from './pages/evaluation';
import { NewScreenPage } from './pages/new-screen';
import { ScreenPage } from './pages/screen';
import { ScreensPage } from './pages/screens';
import { SignInPage } from './pages/sign-in';
import { TrialPage } from './pages/trial';
import { TrialsPage } from './pages/trials';
import './styles.css';

function Page() {
  const { path } = useSignal(location);
  const user = useSignal(session);
  let m: Record<string, string> | null;
  if (!user) return <SignInPage />;
  if (path === BASE || path === `${BASE}/` || path === '/') {
    return <Home />;
  }
  if (path === `${BASE}/screens`) return <ScreensPage />;
  if (path === `${BASE}/screens/new`) return <NewScreenPage />;
  if ((m = match(`${BASE}/screens/:id/rows/:row`, path)))
    return <CompoundPage id={m.id} row={Number(m.row)} />;
  if ((m = match(`${BASE}/screens/:id`, path))) return <ScreenPage id={m.id} />;
  if (path === `${BASE}/trials`) return <TrialsPage />;
  if ((m = match(`${BASE}/trials/:id/evaluations/:eid`, path)))
    return <EvaluationPage id={m.id} eid={m.eid} />;
  if ((m = match(`${BASE}/trials/:id`, path))) return <TrialPage id={m.id} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link href={BASE}>Start page</Link>
      </p>
    </section>
  );
}

/** The start page is the user's work: screens for chemists, trials for coordinators and clinical users. */
function Home() {
  const user = useSignal(session);
  useEffect(() => {
    navigate(canScreen(user) ? `${BASE}/screens` : `${BASE}/trials`, { replace: true });
  }, [user]);
  return null;
}

function App() {
  const user = useSignal(session);
  const { path } = useSignal(location);
  const here = (prefix: string) => (path.startsWith(prefix) ? ('page' as const) : undefined);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">hitscreen</span>
        {user && (
          <nav aria-label="Main">
            {canScreen(user) && (
              <Link href={`${BASE}/screens`} aria-current={here(`${BASE}/screens`)}>
                Screens
              </Link>
            )}
            {canReadTrials(user) && (
              <Link href={`${BASE}/trials`} aria-current={here(`${BASE}/trials`)}>
                Trials
              </Link>
            )}
          </nav>
        )}
        {user && (
          <div class="who">
            <span>
              {user.email} · {user.role}
              {user.team ? ` · ${user.team}` : ''}
            </span>
            <button
              type="button"
              class="link-button"
              onClick={() => {
                endSession();
                navigate(BASE);
              }}
            >
              Sign out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
