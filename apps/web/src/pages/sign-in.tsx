import { useState } from 'preact/hooks';
import { ErrorNote } from '../components/async';
import { postJson } from '../lib/api';
import { signInNotice, startSession } from '../lib/session';
import { useSignal } from '../lib/signal';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const notice = useSignal(signInNotice);
  return (
    <section class="sign-in">
      <h1>Sign in</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            const answer = await postJson<{ token: string; expiresIn: number }>('/auth/token', {
              email,
              password,
            });
            signInNotice.set(null);
            startSession(email, answer.token, answer.expiresIn);
          } catch (failure) {
            setError(failure instanceof Error ? failure.message : String(failure));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          E-mail
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && <ErrorNote>{error}</ErrorNote>}
      </form>
      <p class="hint">Accounts are made by an administrator (README, "Access control").</p>
    </section>
  );
}
