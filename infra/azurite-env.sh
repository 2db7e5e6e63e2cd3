# Sourced by scripts: Azurite's ports (overridable) and the connection string for them.
# The account name and key are Azurite's published development credentials, not secrets.
export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
export AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-$((AZURITE_BLOB_PORT + 1))}"
export AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-$((AZURITE_BLOB_PORT + 2))}"
export AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${AZURITE_TABLE_PORT}/devstoreaccount1;"
