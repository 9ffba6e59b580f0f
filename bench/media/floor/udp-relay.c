// The floor under any SFU on this machine: a UDP relay that does nothing but forward.
//
// One unconnected socket, as the media node has; each datagram is read with recvfrom and sent with one sendto per
// other member of its group, as the node sends one copy per receiver. No crypto, no parsing beyond the group byte.
// floor.mjs drives it with the media benchmark's packet sizes and rates and reads its CPU from /proc, so the
// difference between the node's CPU per forwarded packet and this relay's is what the node itself adds.
//
// A client joins a group by sending a datagram whose first byte is 0xff and second byte the group number; a datagram
// whose first byte is 0xfe prints "forwarded <n>" on stdout; every other datagram is forwarded to the rest of the
// sender's group. UdpRelay.java is the same relay on the JVM.
//
// Build: gcc -O2 -o udp-relay udp-relay.c      Run: ./udp-relay <port>   (0: any free port; the first line says which)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_MEMBERS 1024

struct member {
  struct sockaddr_in6 address;
  int group;
};

static struct member members[MAX_MEMBERS];
static int member_count;
static unsigned long long forwarded;

static int same(const struct sockaddr_in6 *a, const struct sockaddr_in6 *b) {
  return a->sin6_port == b->sin6_port && memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
}

static int find(const struct sockaddr_in6 *from) {
  for (int i = 0; i < member_count; i++) {
    if (same(&members[i].address, from)) return i;
  }
  return -1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: udp-relay <port>\n");
    return 2;
  }
  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  int off = 0, buffer = 4 * 1024 * 1024;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);  // dual-stack, as the JVM opens it
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  struct sockaddr_in6 local = {.sin6_family = AF_INET6, .sin6_port = htons(atoi(argv[1])), .sin6_addr = in6addr_any};
  if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
    perror("bind");
    return 1;
  }
  socklen_t bound_length = sizeof local;
  getsockname(fd, (struct sockaddr *)&local, &bound_length);
  printf("listening %d\n", ntohs(local.sin6_port));
  fflush(stdout);
  unsigned char packet[2048];
  for (;;) {
    struct sockaddr_in6 from;
    socklen_t length = sizeof from;
    ssize_t n = recvfrom(fd, packet, sizeof packet, 0, (struct sockaddr *)&from, &length);
    if (n <= 0) continue;
    if (packet[0] == 0xfe) {
      printf("forwarded %llu\n", forwarded);
      fflush(stdout);
      continue;
    }
    int sender = find(&from);
    if (packet[0] == 0xff && n >= 2) {
      if (sender < 0 && member_count < MAX_MEMBERS) {
        members[member_count].address = from;
        members[member_count].group = packet[1];
        member_count++;
      }
      continue;
    }
    if (sender < 0) continue;
    for (int i = 0; i < member_count; i++) {
      if (i != sender && members[i].group == members[sender].group) {
        sendto(fd, packet, n, 0, (struct sockaddr *)&members[i].address, sizeof members[i].address);
        forwarded++;
      }
    }
  }
}
