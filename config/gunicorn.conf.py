"""gunicorn settings for the Procfile's `web` process (`gunicorn config.wsgi -c config/gunicorn.conf.py`).

Every value can be changed from the environment without editing this file: PORT and WEB_HOST (where
to listen), WEB_CONCURRENCY (worker processes), FORWARDED_ALLOW_IPS (which proxy may say https).
"""

import os

# A PaaS says which port to listen on in PORT. 0.0.0.0 so a proxy or router on another host reaches
# us; `make serve` listens on 127.0.0.1 only (plain http, see docs/DEPLOY.md).
bind = f"{os.environ.get('WEB_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"

# Sync workers: the pages are CPU-bound templates, and the TLS proxy in front buffers slow phones, so
# a worker is never held by a slow client and threads would only take turns on the GIL (bench/crowd.py).
worker_class = "sync"
# 2 × cores + 1 covers the time a worker waits on PostgreSQL and Redis. Capped: each worker holds a
# database connection (CONN_MAX_AGE), and past a dozen on one machine they only queue for the cores.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 12))

# Restart each worker after about a thousand requests, at staggered times, so a slow leak (a library's
# cache, fragmented memory) never grows for days and the workers never all restart at once.
max_requests = 1000
max_requests_jitter = 100
# A request that takes longer than this has gone wrong (the slowest page renders in well under a second).
timeout = 30
# On a restart or deploy (SIGTERM/SIGHUP), requests in flight get this long to finish.
graceful_timeout = 30
# A proxy that reuses its connections to us (Caddy; nginx with `keepalive`) need not reconnect for each request.
keepalive = 5

# The app logs each request itself; gunicorn's access log would repeat every line. Errors go to stderr.
accesslog = None
errorlog = "-"

# Only a proxy on this machine may set X-Forwarded-Proto/-For (Django trusts the header with
# BEHIND_TLS_PROXY=true). A proxy on another host: FORWARDED_ALLOW_IPS=its address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The heartbeat file in memory: on a disk-backed /tmp (containers) a slow disk can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicornc's control socket defaults to one fixed path per user: a second gunicorn on the same machine
# (`make bench`, another site) would take it over. We do not use it.
control_socket_disable = True
