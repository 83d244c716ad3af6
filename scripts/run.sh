#!/usr/bin/env bash
# `make run`: the whole product on this machine, in the foreground.
# setup -> PostgreSQL + Redis -> migrate -> demo Orthanc and interface services' settings ->
# seed_demo -> honcho (web, worker, beat, mail, orthanc, listeners). Ctrl-C stops the processes,
# then the trap stops the services. docs/operations.md describes each step.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
services_start run

run_environment
export PYTHONUNBUFFERED=1
cd "$REPO_ROOT"
mkdir -p var/run

step "migrate"
python manage.py migrate --noinput

step "demo Orthanc"
orthanc_prepare
info "DICOM 127.0.0.1:$ORTHANC_DICOM_PORT, REST http://127.0.0.1:$ORTHANC_HTTP_PORT; settings in var/run/orthanc/demo.json"

step "demo interface services"
listeners_prepare
info "HL7 v2 MLLP 127.0.0.1:$LISTENER_HL7_PORT, DICOMweb http://127.0.0.1:$LISTENER_DICOMWEB_PORT/dicom-web, FHIR http://127.0.0.1:$LISTENER_FHIR_PORT/fhir"

step "seed_demo"
python manage.py seed_demo

# From here on `make manage` runs its commands against this make run (scripts/manage.sh).
run_environment_save

cat <<BANNER

${_BOLD}PACS Vendor Desk is starting${_RESET}
    app           http://127.0.0.1:$WEB_PORT/
    vendor portal http://127.0.0.1:$WEB_PORT/portal/
    mail          lands in var/run/mailbox/ (SMTP sink on 127.0.0.1:$MAIL_PORT)
    demo PACS     Orthanc, DICOM 127.0.0.1:$ORTHANC_DICOM_PORT (AE DEMOPACS), REST http://127.0.0.1:$ORTHANC_HTTP_PORT
                  probed every 2 minutes; scripts/orthanc.sh stop|start to take it down and back
    interfaces    HL7 v2 (MLLP) 127.0.0.1:$LISTENER_HL7_PORT, DICOMweb :$LISTENER_DICOMWEB_PORT, FHIR :$LISTENER_FHIR_PORT, probed every 2 minutes;
                  scripts/listeners.sh stop|start hl7|dicomweb|fhir, scripts/listeners.sh ack AE|AA
    PostgreSQL    ${DATABASE_URL%%://*}://…@${DATABASE_URL##*@}
    Redis         $REDIS_URL
    commands      make manage ARGS="help" in another terminal (docs/operations.md)
    Ctrl-C stops everything.

BANNER

# Not exec: the EXIT trap must run after honcho to stop PostgreSQL and Redis.
# Ctrl-C reaches honcho, which stops web, worker, beat, mail, orthanc and listeners, then the shell
# exits with 130 through the INT trap.
honcho start -f Procfile
