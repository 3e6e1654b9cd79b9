# A third-party CA made with the openssl command line, to sign ucsh's CSRs
# and to make certificates ucsh did not write.
make_ca() { # make_ca DIR NAME: DIR/NAME.pem (self-signed root) and DIR/NAME.key
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1/$2.key" -out "$1/$2.pem" -days 3650 \
		-subj "/C=DE/O=Test PKI/CN=$2" -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

make_intermediate() { # make_intermediate DIR NAME ISSUER
	openssl req -new -newkey rsa:2048 -nodes -keyout "$1/$2.key" -out "$1/$2.csr" -subj "/C=DE/O=Test PKI/CN=$2" 2>/dev/null
	printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >"$1/$2.ext"
	openssl x509 -req -in "$1/$2.csr" -CA "$1/$3.pem" -CAkey "$1/$3.key" -CAcreateserial -days 1825 \
		-extfile "$1/$2.ext" -out "$1/$2.pem" 2>/dev/null
}

sign_csr() { # sign_csr DIR ISSUER CSR OUT: signs keeping the CSR's extensions
	openssl x509 -req -in "$3" -CA "$1/$2.pem" -CAkey "$1/$2.key" -CAcreateserial -days 365 \
		-copy_extensions copyall -out "$4" 2>/dev/null
}

make_expired() { # make_expired DIR OUT: a self-signed certificate that expired in 2021
	local d="$1/expired-ca"
	mkdir -p "$d/new"
	: >"$d/index.txt"
	echo 01 >"$d/serial"
	cat >"$d/ca.cnf" <<CNF
[ca]
default_ca = ca_default
[ca_default]
dir = $d
database = $d/index.txt
new_certs_dir = $d/new
serial = $d/serial
default_md = sha256
policy = any
[any]
commonName = supplied
CNF
	openssl req -new -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/req.pem" -subj /CN=Old 2>/dev/null
	openssl ca -config "$d/ca.cnf" -batch -selfsign -keyfile "$d/key.pem" -in "$d/req.pem" \
		-startdate 20200101000000Z -enddate 20210101000000Z -out "$2" 2>/dev/null
}
