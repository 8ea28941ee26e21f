// The measuring client of bench/announce.mjs, run in the client namespace: ARP request/reply latency for one
// address (sequential requests, the reply awaited by spinning on a non-blocking socket) and replies counted under
// a flood. Written in C so that the instrument's own pauses (a Node client's timers and garbage collection added
// up to 2 ms to single samples) do not show up as the announcer's or the kernel's latency.
// Usage: arp-probe IFNAME SENDER_IP TARGET_IP latency|flood COUNT  →  one JSON line on stdout.
//        arp-probe IFNAME - TARGET_IP respond 0  →  answers ARP for TARGET_IP until killed: the least any
//        user-space answer costs (a blocking recv and a sendto), to compare the announcer with.
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static unsigned char request[42];
static struct in_addr target;

// An ARP reply from the target address.
static int is_reply(const unsigned char *frame, ssize_t n) {
  return n >= 42 && frame[12] == 0x08 && frame[13] == 0x06 && frame[20] == 0 && frame[21] == 2 && memcmp(frame + 28, &target, 4) == 0;
}

static int drain(int fd) {
  unsigned char frame[2048];
  int replies = 0;
  for (;;) {
    ssize_t n = recv(fd, frame, sizeof frame, MSG_DONTWAIT);
    if (n < 0) return replies;
    replies += is_reply(frame, n);
  }
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: arp-probe IFNAME SENDER_IP TARGET_IP latency|flood COUNT\n");
    return 2;
  }
  const char *ifname = argv[1];
  struct in_addr sender;
  int respond = strcmp(argv[4], "respond") == 0;
  if ((!respond && inet_pton(AF_INET, argv[2], &sender) != 1) || inet_pton(AF_INET, argv[3], &target) != 1) {
    fprintf(stderr, "arp-probe: bad address\n");
    return 2;
  }
  int latency = strcmp(argv[4], "latency") == 0;
  int count = atoi(argv[5]);

  int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
  if (fd < 0) {
    perror("arp-probe: socket");
    return 1;
  }
  // A large receive buffer: replies that arrive while this client waits for the CPU must not be lost here and
  // counted against the responder.
  int receive_bytes = 8 * 1024 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &receive_bytes, sizeof receive_bytes);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
  if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
    perror("arp-probe: SIOCGIFHWADDR");
    return 1;
  }
  const unsigned char *mac = (const unsigned char *)ifr.ifr_hwaddr.sa_data;
  struct sockaddr_ll address;
  memset(&address, 0, sizeof address);
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons(ETH_P_ARP);
  address.sll_ifindex = (int)if_nametoindex(ifname);
  address.sll_halen = 6;
  memset(address.sll_addr, 0xff, 6);
  if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
    perror("arp-probe: bind");
    return 1;
  }

  if (respond) {
    unsigned char frame[2048], reply[42];
    for (;;) {
      ssize_t n = recv(fd, frame, sizeof frame, 0);
      if (n < 42 || frame[21] != 1 || memcmp(frame + 38, &target, 4) != 0) continue;
      memcpy(reply, frame + 22, 6);
      memcpy(reply + 6, mac, 6);
      memcpy(reply + 12, frame + 12, 8);
      reply[20] = 0;
      reply[21] = 2;
      memcpy(reply + 22, mac, 6);
      memcpy(reply + 28, frame + 38, 4);
      memcpy(reply + 32, frame + 22, 10);
      memcpy(address.sll_addr, frame + 22, 6);
      sendto(fd, reply, sizeof reply, 0, (struct sockaddr *)&address, sizeof address);
    }
  }

  // Broadcast ARP request: who has TARGET? tell SENDER.
  memset(request, 0xff, 6);
  memcpy(request + 6, mac, 6);
  request[12] = 0x08, request[13] = 0x06;
  request[14] = 0, request[15] = 1, request[16] = 0x08, request[17] = 0, request[18] = 6, request[19] = 4, request[20] = 0, request[21] = 1;
  memcpy(request + 22, mac, 6);
  memcpy(request + 28, &sender, 4);
  memset(request + 32, 0, 6);
  memcpy(request + 38, &target, 4);

  if (latency) {
    double *times = calloc((size_t)count, sizeof *times);
    int answered = 0;
    unsigned char frame[2048];
    for (int i = 0; i < count; i++) {
      drain(fd);
      double start = now_us();
      if (sendto(fd, request, sizeof request, 0, (struct sockaddr *)&address, sizeof address) < 0) {
        perror("arp-probe: sendto");
        return 1;
      }
      for (;;) {
        ssize_t n = recv(fd, frame, sizeof frame, MSG_DONTWAIT);
        if (n >= 0 && is_reply(frame, n)) {
          times[answered++] = now_us() - start;
          break;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
          perror("arp-probe: recv");
          return 1;
        }
        if (now_us() - start > 200000) break; // lost
      }
    }
    qsort(times, (size_t)answered, sizeof *times, compare);
    printf("{\"sent\":%d,\"answered\":%d,\"medianUs\":%.1f,\"p99Us\":%.1f,\"maxUs\":%.1f}\n", count, answered,
           answered ? times[answered / 2] : 0.0, answered ? times[(int)(answered * 0.99)] : 0.0, answered ? times[answered - 1] : 0.0);
    return 0;
  }

  // Flood: COUNT requests in one second, spread evenly; replies counted as they come and for 300 ms after.
  int sent = 0, answered = 0;
  double start = now_us();
  while (sent < count) {
    double due = start + 1e6 * sent / count;
    while (now_us() < due) answered += drain(fd);
    if (sendto(fd, request, sizeof request, 0, (struct sockaddr *)&address, sizeof address) == (ssize_t)sizeof request) sent++;
    else if (errno != ENOBUFS && errno != EAGAIN) {
      perror("arp-probe: sendto");
      return 1;
    }
  }
  double end = now_us() + 300000;
  while (now_us() < end) answered += drain(fd);
  printf("{\"sent\":%d,\"answered\":%d,\"lossPercent\":%.2f}\n", sent, answered, 100.0 * (1.0 - (double)answered / sent));
  return 0;
}
