/* libcurl alone: the benchmark's ceiling for what an SMTP client built on libcurl's easy interface can send on
 * this machine, with nothing of nurture around it (no store, no planning, no rendering, no ledger).
 *
 * Usage: bench-libcurl URL MESSAGES SIZE CONNECTIONS
 *   Sends MESSAGES copies of one SIZE-byte message (headers, then 76-character lines of 'x', CRLF line
 *   endings, as smtp-source -l builds its body) from bench@nurture.example to sink@nurture.example over
 *   CONNECTIONS threads, each with one easy handle kept open for all its messages, the way nurture's
 *   connection pool drives libcurl (persistent handle, upload from a read callback, CURLOPT_CRLF off).
 *   Exits non-zero on the first failed transfer. The benchmark times it and divides.
 *
 * Built by scripts/bench with the toolchain's C compiler against the system libcurl. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *url;
static char *message;
static size_t message_size;

struct upload {
    size_t offset;
};

static size_t read_body(char *buffer, size_t size, size_t count, void *data) {
    struct upload *upload = data;
    size_t left = message_size - upload->offset;
    size_t n = size * count < left ? size * count : left;
    memcpy(buffer, message + upload->offset, n);
    upload->offset += n;
    return n;
}

struct worker {
    pthread_t thread;
    long messages;
    int failed;
};

static void *send_all(void *argument) {
    struct worker *worker = argument;
    CURL *easy = curl_easy_init();
    struct curl_slist *recipients = curl_slist_append(NULL, "<sink@nurture.example>");
    struct upload upload;
    if (!easy || !recipients) {
        worker->failed = 1;
        return NULL;
    }
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_CRLF, 0L);
    curl_easy_setopt(easy, CURLOPT_MAIL_FROM, "<bench@nurture.example>");
    curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(easy, CURLOPT_READDATA, &upload);
    for (long i = 0; i < worker->messages; i++) {
        upload.offset = 0;
        CURLcode code = curl_easy_perform(easy);
        if (code != CURLE_OK) {
            fprintf(stderr, "bench-libcurl: message %ld: %s\n", i + 1, curl_easy_strerror(code));
            worker->failed = 1;
            break;
        }
    }
    curl_easy_cleanup(easy);
    curl_slist_free_all(recipients);
    return NULL;
}

/* Headers, then 'x' lines of at most 76 characters, until the message (with its CRLFs) has SIZE bytes. */
static void build_message(size_t size) {
    static const char headers[] =
        "From: <bench@nurture.example>\r\nTo: <sink@nurture.example>\r\nSubject: bench\r\n\r\n";
    message = malloc(size + sizeof headers + 80);
    size_t n = strlen(headers);
    memcpy(message, headers, n);
    while (n + 2 < size) {
        size_t line = size - n - 2 < 76 ? size - n - 2 : 76;
        memset(message + n, 'x', line);
        n += line;
        message[n++] = '\r';
        message[n++] = '\n';
    }
    message_size = n;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: bench-libcurl URL MESSAGES SIZE CONNECTIONS\n");
        return 2;
    }
    url = argv[1];
    long messages = atol(argv[2]);
    long size = atol(argv[3]);
    long connections = atol(argv[4]);
    if (messages < 1 || size < 100 || connections < 1 || connections > 64) {
        fprintf(stderr, "bench-libcurl: MESSAGES >= 1, SIZE >= 100, 1 <= CONNECTIONS <= 64\n");
        return 2;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
    build_message((size_t)size);
    struct worker workers[64];
    int failed = 0;
    for (long i = 0; i < connections; i++) {
        /* The messages spread over the connections as evenly as they go. */
        workers[i].messages = messages / connections + (i < messages % connections ? 1 : 0);
        workers[i].failed = 0;
        if (pthread_create(&workers[i].thread, NULL, send_all, &workers[i]) != 0) return 1;
    }
    for (long i = 0; i < connections; i++) {
        pthread_join(workers[i].thread, NULL);
        failed |= workers[i].failed;
    }
    free(message);
    curl_global_cleanup();
    return failed;
}
