/*
 * The ceiling of the machine for bench/dns/run.sh: a UDP responder that does no DNS work at all. It
 * reads queries in batches with recvmmsg, sets QR in each one and sends it straight back to its
 * sender with sendmmsg. One thread, like dnsmasq.
 *
 * usage: echo ADDRESS PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { BATCH = 64, MAX_DATAGRAM = 4096, DNS_HEADER = 12, QR = 0x80 };

static unsigned char buffers[BATCH][MAX_DATAGRAM];
static struct sockaddr_in peers[BATCH];
static struct iovec vectors[BATCH];
static struct mmsghdr messages[BATCH];
static volatile sig_atomic_t stopping;

static void stop(int signal_number) { (void)signal_number; stopping = 1; }

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s ADDRESS PORT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in local = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2])) };
    if (inet_pton(AF_INET, argv[1], &local.sin_addr) != 1) {
        fprintf(stderr, "echo: bad address %s\n", argv[1]);
        return 2;
    }
    /* Without SA_RESTART, so that TERM interrupts the blocking recvmmsg. */
    struct sigaction action = { .sa_handler = stop };
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
        perror("echo: socket/bind");
        return 1;
    }
    while (!stopping) {
        for (int i = 0; i < BATCH; i++) {
            vectors[i] = (struct iovec){ .iov_base = buffers[i], .iov_len = MAX_DATAGRAM };
            messages[i].msg_hdr = (struct msghdr){
                .msg_name = &peers[i], .msg_namelen = sizeof peers[i], .msg_iov = &vectors[i], .msg_iovlen = 1 };
        }
        int received = recvmmsg(fd, messages, BATCH, MSG_WAITFORONE, NULL);
        if (received < 0) {
            if (errno == EINTR)
                continue;
            perror("echo: recvmmsg");
            return 1;
        }
        int replies = 0;
        for (int i = 0; i < received; i++) {
            if (messages[i].msg_len < DNS_HEADER)
                continue;
            buffers[i][2] |= QR;
            vectors[i].iov_len = messages[i].msg_len;
            if (replies != i)
                messages[replies] = messages[i];
            replies++;
        }
        for (int sent = 0; sent < replies;) {
            int n = sendmmsg(fd, messages + sent, (unsigned)(replies - sent), 0);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                perror("echo: sendmmsg");
                break;
            }
            sent += n;
        }
    }
    close(fd);
    return 0;
}
