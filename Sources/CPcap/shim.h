#ifndef SESSIONLINT_CPCAP_SHIM_H
#define SESSIONLINT_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>
#endif
