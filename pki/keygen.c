/* Generating several keys at once on every core: an RSA-2048 key costs
 * 0.1-0.6 s of prime search, and a first start needs nine of them. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pki/pki_int.h"

struct batch {
	const struct pki_keyspec *specs;
	struct pki_key **out;
	int n;
	atomic_int next;
	atomic_int failed;
};

static void *worker(void *arg)
{
	struct batch *b = arg;
	char err[256];

	for (int i; (i = atomic_fetch_add(&b->next, 1)) < b->n;)
		if (pki_key_generate(&b->specs[i], &b->out[i], err, sizeof(err)) != 0)
			atomic_store(&b->failed, 1);
	return NULL;
}

int pki_keys_generate(const struct pki_keyspec *specs, int n, struct pki_key **out, char *err, size_t errlen)
{
	struct batch b = {specs, out, n, 0, 0};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = (int)(cpus < 1 ? 1 : cpus > 8 ? 8 : cpus), started = 0;
	pthread_t t[8];

	memset(out, 0, (size_t)n * sizeof(*out));
	if (nthreads > n)
		nthreads = n;
	for (int i = 1; i < nthreads; i++)
		if (pthread_create(&t[started], NULL, worker, &b) == 0)
			started++;
	worker(&b); /* this thread works too */
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	if (atomic_load(&b.failed)) {
		for (int i = 0; i < n; i++) {
			pki_key_free(out[i]);
			out[i] = NULL;
		}
		snprintf(err, errlen, "key generation failed");
		return -1;
	}
	return 0;
}
