# Image for web, worker and beat (docker compose). Debian's GDAL/GEOS/PROJ match the host path.
FROM python:3.12-slim-bookworm

ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends gdal-bin libgdal32 libgeos-c1v5 libproj25 nodejs npm \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core pandoc \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY . .
RUN bash scripts/vendor_assets.sh \
    && DJANGO_SECRET_KEY=build DATABASE_URL=postgis://x@localhost/x REDIS_URL=redis://localhost \
       DJANGO_SETTINGS_MODULE=epop.settings.prod python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "epop.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
