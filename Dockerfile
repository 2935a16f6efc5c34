# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --system --uid 10001 --home-dir /app hub

# Dependencies first, from the hashed lock, so code changes reuse this layer.
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

COPY . .
# collectstatic needs settings to load, not real secrets.
RUN DJANGO_SETTINGS_MODULE=advocacy_hub.settings.production \
    SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
    DATABASE_URL=postgres://build@localhost/build CELERY_BROKER_URL=redis://localhost \
    EMAIL_URL=smtp://localhost:25 \
    python manage.py collectstatic --noinput \
 && mkdir -p var/beat var/media \
 && chown -R hub:hub var

USER hub
EXPOSE 8000
CMD ["gunicorn", "advocacy_hub.wsgi", "--bind=0.0.0.0:8000", "--workers=4", "--access-logfile=-"]
