# Sourced by record.sh, capture.sh and record-nginx.sh (which set `here`): a fresh database
# with the user alice, and Django's runserver on 127.0.0.1:8000, ready when this returns.
# Everything in `stop` is killed and the scratch directory `work` removed on exit.
work="$(mktemp -d)"
export EXAMPLE_DB="$work/db.sqlite3"
cd "$here"
python3 manage.py migrate --noinput >/dev/null
python3 manage.py shell -c "from django.contrib.auth.models import User; User.objects.create_user('alice', password='correct horse battery staple')" >/dev/null
python3 manage.py runserver 127.0.0.1:8000 --noreload >"$work/server.log" 2>&1 &
stop=($!)
trap 'kill "${stop[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:8000/cookie/get/ && break; sleep 0.2; done
