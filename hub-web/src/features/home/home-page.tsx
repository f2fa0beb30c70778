import './home-page.css';

export function HomePage() {
  return (
    <main className="page home">
      <header className="home-header">
        <h1>Hub</h1>
        <span className="home-version">v{__APP_VERSION__}</span>
      </header>
      <p>A self-hosted Hugging Face Hub for models, datasets and inference.</p>
      <nav aria-label="Links">
        <ul className="home-links">
          <li>
            <a href="/docs/api">API documentation</a>
          </li>
          <li>
            <a href="/api/models">Browse models (JSON)</a>
          </li>
        </ul>
      </nav>
    </main>
  );
}
