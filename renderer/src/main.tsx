import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '@shared/api/client';
import { App } from './app';
import { browserEnvironment, selectConnection } from './bridge/select-connection';
import { MissingTokenScreen } from './features/missing-token/missing-token-screen';
import { createAppStore } from './state/create-app-store';
import { AppStoreProvider } from './state/store-context';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = createRoot(container);

// Decided once at start: the Electron preload when present, otherwise the headless control server's WebSocket.
const choice = selectConnection(browserEnvironment(window));

if (choice.kind === 'missing-token') {
  // Pasting the inspector URL into this tab only changes the fragment, which does not reload the page: start over.
  window.addEventListener('hashchange', () => {
    if (window.location.hash.includes('token=')) window.location.reload();
  });
  root.render(
    <StrictMode>
      <MissingTokenScreen />
    </StrictMode>,
  );
} else {
  const store = createAppStore(createClient(choice.connection.transport), { connection: choice.connection });
  root.render(
    <StrictMode>
      <AppStoreProvider store={store}>
        <App />
      </AppStoreProvider>
    </StrictMode>,
  );
  void store.getState().start();
}
