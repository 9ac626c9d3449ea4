#!/usr/bin/env bash
# Neuron Lab on N processes behind HAProxy (deploy/haproxy.cfg):
#
#     deploy/serve.sh [N]        # N: this machine's cores
#
# Replica i (0 to N-1) serves 127.0.0.1:$((LAB_REPLICA_PORT + i)), LAB_PORT + 1 + i unless
# set; a replica that stops is started again. Once every replica answers /_stcore/health,
# HAProxy serves LAB_ADDRESS:LAB_PORT (0.0.0.0:8501 unless set). SIGTERM, SIGINT or
# HAProxy stopping stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=${1:-$(nproc)}
if [[ ! $replicas =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: deploy/serve.sh [N], N a number of replicas (default: the cores)" >&2
    exit 2
fi
export LAB_ADDRESS=${LAB_ADDRESS:-0.0.0.0} LAB_PORT=${LAB_PORT:-8501}
first=${LAB_REPLICA_PORT:-$((LAB_PORT + 1))}
python=${PYTHON:-python}
START_TIMEOUT=120  # seconds for every replica to answer /_stcore/health
RESTART_AFTER=5  # seconds: the proxy has marked a stopped replica down by then
work=$(mktemp -d)
children=()

stop() {
    trap - EXIT INT TERM
    kill -TERM "${children[@]}" 2>/dev/null || true
    wait || true
    rm -rf "$work"
}
trap stop EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

replica() {  # name port: one Streamlit process, started again whenever it stops
    local pid=
    trap 'kill -TERM $pid 2>/dev/null; wait $pid; exit 0' TERM
    while true; do
        "$python" -m streamlit run app.py --server.address 127.0.0.1 --server.port "$2" \
            --server.headless true --server.fileWatcherType none &
        pid=$!
        echo "serve: replica $1 on 127.0.0.1:$2, pid $pid"
        wait $pid || true
        echo "serve: replica $1 stopped; starting it again in $RESTART_AFTER s"
        sleep $RESTART_AFTER &
        pid=$!
        wait $pid
    done
}

healthy() {  # port
    "$python" -c 'import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health", timeout=2)' "$1" \
        2>/dev/null
}

cp deploy/haproxy.cfg "$work/haproxy.cfg"
for ((i = 0; i < replicas; i++)); do
    replica "r$((i + 1))" $((first + i)) &
    children+=($!)
    printf '    server r%d 127.0.0.1:%d cookie r%d\n' $((i + 1)) $((first + i)) $((i + 1)) \
        >> "$work/haproxy.cfg"
done
for ((i = 0; i < replicas; i++)); do
    until healthy $((first + i)); do
        if ((SECONDS > START_TIMEOUT)); then
            echo "serve: replica r$((i + 1)) not healthy after $START_TIMEOUT s" >&2
            exit 1
        fi
        sleep 0.5
    done
done
haproxy -db -f "$work/haproxy.cfg" &
children+=($!)
echo "serve: HAProxy on $LAB_ADDRESS:$LAB_PORT, pid $!"
echo "serve: $replicas replicas behind http://$LAB_ADDRESS:$LAB_PORT"
wait "${children[-1]}"
