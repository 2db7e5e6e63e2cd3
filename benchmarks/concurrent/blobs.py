"""Minimal Blob Storage client for the benchmark (standard library only): put blobs, count blobs under a prefix.
Signs requests with the account's shared key, as the Azure SDKs do, against Azurite's path-style endpoint."""
import base64, datetime, hashlib, hmac, re, sys, urllib.parse, urllib.request

def parse(conn):
    parts = dict(p.split("=", 1) for p in conn.split(";") if "=" in p)
    return parts["AccountName"], base64.b64decode(parts["AccountKey"]), parts["BlobEndpoint"].rstrip("/")

def request(conn, method, path, query=None, body=b"", headers=None):
    account, key, endpoint = parse(conn)
    query = query or {}
    headers = dict(headers or {})
    headers["x-ms-date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
    headers["x-ms-version"] = "2021-08-06"
    length = str(len(body)) if body else ""
    url_path = urllib.parse.urlparse(endpoint).path + "/" + path
    canon_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()) if k.startswith("x-ms-"))
    canon_resource = f"/{account}{url_path}" + "".join(f"\n{k}:{v}" for k, v in sorted(query.items()))
    to_sign = "\n".join([method, "", "", length, "", headers.get("Content-Type", ""), "", "", "", "", "", ""]) + "\n" + canon_headers + canon_resource
    signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha256).digest()).decode()
    headers["Authorization"] = f"SharedKey {account}:{signature}"
    url = endpoint + "/" + path + ("?" + urllib.parse.urlencode(query) if query else "")
    req = urllib.request.Request(url, data=body if method == "PUT" else None, method=method, headers=headers)
    with urllib.request.urlopen(req) as response:
        return response.read()

def put(conn, container, name, data):
    request(conn, "PUT", f"{container}/{name}", body=data, headers={"x-ms-blob-type": "BlockBlob", "Content-Type": "text/csv"})

def names(conn, container, prefix):
    xml = request(conn, "GET", container, {"restype": "container", "comp": "list", "prefix": prefix}).decode()
    return re.findall(r"<Name>([^<]+)</Name>", xml)

if __name__ == "__main__":
    conn, command = sys.argv[1], sys.argv[2]
    if command == "count":
        container, prefix, suffix = sys.argv[3:6]
        print(sum(1 for n in names(conn, container, prefix) if n.endswith(suffix)))
