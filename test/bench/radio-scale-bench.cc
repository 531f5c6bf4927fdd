/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Scale benchmark of the radio access model (make bench-radio; not a test). `--devices`
// NB-IoT (or `--technology`) devices spread evenly over `--cells` cells attach at uniform
// times over a window that grows with the devices per cell (`--attach-per-device` seconds
// each, so every cell carries the same load per second whatever its size), and each sends one
// `--bytes` UDP datagram to a server when its attach completes. Prints one JSON object: wall
// seconds, simulator events, events per second, events and wall microseconds per delivered
// packet, peak RSS (getrusage ru_maxrss) and peak RSS per device above the empty process.
// Wall time is measured here only; nothing in the model reads the host clock.

#include "ns3/cellular-network-helper.h"
#include "ns3/command-line.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/radio-cell-net-device.h"
#include "ns3/radio-technology.h"
#include "ns3/radio-ue-net-device.h"
#include "ns3/random-access-channel.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// Peak resident set of this process so far, in kB (Linux ru_maxrss unit).
long
PeakRssKb()
{
    struct rusage u
    {
    };

    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

uint64_t g_delivered = 0; //!< datagrams that reached the server
uint64_t g_attached = 0;  //!< attaches completed
uint64_t g_failed = 0;    //!< attaches failed

void
ServerRead(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
        ++g_delivered;
    }
}

/// On attach: one datagram from the device's own socket to the server.
void
OnAttached(Ptr<Node> node, Address server, uint32_t bytes, Time)
{
    ++g_attached;
    Ptr<Socket> s = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    s->Bind();
    s->Connect(server);
    s->Send(Create<Packet>(bytes));
    s->Close();
}

void
OnFailed()
{
    ++g_failed;
}

[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "radio-scale-bench: %s\n", what.c_str());
    std::exit(2);
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t devices = 1000;
    uint32_t cells = 1;
    uint32_t bytes = 20;
    double perDevice = 0.12;
    double tail = 300;
    std::string technology = "Cat-NB1";
    uint32_t seed = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("devices", "devices in total (e.g. 1000, 10000, 100000)", devices);
    cmd.AddValue("cells", "cells; devices are spread evenly over them", cells);
    cmd.AddValue("technology", "RadioTechnology name (Cat-NB1, Cat-NB2, Cat-M1, ...)", technology);
    cmd.AddValue("bytes", "UDP payload each device sends once attached", bytes);
    cmd.AddValue("attach-per-device",
                 "attach window per device of a cell, seconds (window = this x devices/cell)",
                 perDevice);
    cmd.AddValue("tail", "simulated seconds after the attach window", tail);
    cmd.AddValue("seed", "RngRun", seed);
    cmd.Parse(argc, argv);
    if (devices == 0 || cells == 0 || devices % cells != 0)
    {
        Fail("--devices (" + std::to_string(devices) +
             ") must be a positive multiple of --cells (" + std::to_string(cells) + ")");
    }
    if (!(perDevice > 0) || !(tail > 0))
    {
        Fail("--attach-per-device and --tail must be > 0");
    }
    bool known = false;
    for (const std::string& name : RadioTechnology::GetNames())
    {
        known = known || name == technology;
    }
    if (!known)
    {
        Fail("--technology: \"" + technology + "\" is not a RadioTechnology name");
    }
    RngSeedManager::SetRun(seed);
    const long rss0 = PeakRssKb();
    const auto wall0 = std::chrono::steady_clock::now();

    const uint32_t perCell = devices / cells;
    const double window = perDevice * perCell;
    CellularNetworkHelper helper;
    helper.SetTechnology(technology);
    Ptr<UniformRandomVariable> start = CreateObject<UniformRandomVariable>();
    start->SetAttribute("Max", DoubleValue(window));
    helper.SetAttachStart(start);
    helper.AssignStreams(1000);
    std::vector<NodeContainer> nodes(cells);
    std::vector<NetDeviceContainer> ues(cells);
    for (uint32_t c = 0; c < cells; ++c)
    {
        nodes[c].Create(perCell);
        ues[c] = helper.Install(nodes[c]);
    }
    Ptr<Socket> sink = Socket::CreateSocket(helper.GetServer(0), UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    sink->SetRecvCallback(MakeCallback(&ServerRead));
    const Address server = InetSocketAddress(helper.GetServerAddress(0), 9);
    for (uint32_t c = 0; c < cells; ++c)
    {
        for (uint32_t i = 0; i < perCell; ++i)
        {
            Ptr<NetDevice> ue = ues[c].Get(i);
            ue->TraceConnectWithoutContext(
                "AttachCompleted",
                MakeBoundCallback(&OnAttached, nodes[c].Get(i), server, bytes));
            ue->TraceConnectWithoutContext("AttachFailed", MakeCallback(&OnFailed));
        }
    }
    const auto wall1 = std::chrono::steady_clock::now();
    const long rssBuilt = PeakRssKb();
    Simulator::Stop(Seconds(window + tail));
    Simulator::Run();
    const auto wall2 = std::chrono::steady_clock::now();
    const uint64_t events = Simulator::GetEventCount();
    uint64_t collisions = 0;
    uint64_t attempts = 0;
    double uplinkBusy = 0;
    for (uint32_t c = 0; c < cells; ++c)
    {
        Ptr<RandomAccessChannel> rach = helper.GetCell(c)->GetRandomAccessChannel();
        collisions += rach->GetCollisionCount();
        attempts += rach->GetAttemptCount();
        uplinkBusy += helper.GetCell(c)->GetBusyTime(true).GetSeconds();
    }
    const long rss = PeakRssKb();
    const double build = std::chrono::duration<double>(wall1 - wall0).count();
    const double run = std::chrono::duration<double>(wall2 - wall1).count();
    std::printf(
        "{\"devices\": %u, \"cells\": %u, \"per_cell\": %u, \"technology\": \"%s\", "
        "\"simulated_s\": %.0f, \"attached\": %llu, \"failed\": %llu, \"delivered\": %llu, "
        "\"ra_attempts\": %llu, \"ra_collisions\": %llu, \"uplink_busy_per_cell_s\": %.1f, "
        "\"build_wall_s\": %.2f, \"run_wall_s\": %.2f, \"events\": %llu, "
        "\"events_per_s\": %.0f, \"events_per_packet\": %.1f, \"wall_us_per_packet\": %.1f, "
        "\"peak_rss_mb\": %.1f, \"built_rss_mb\": %.1f, \"rss_kb_per_device\": %.2f}\n",
        devices,
        cells,
        perCell,
        technology.c_str(),
        window + tail,
        static_cast<unsigned long long>(g_attached),
        static_cast<unsigned long long>(g_failed),
        static_cast<unsigned long long>(g_delivered),
        static_cast<unsigned long long>(attempts),
        static_cast<unsigned long long>(collisions),
        uplinkBusy / cells,
        build,
        run,
        static_cast<unsigned long long>(events),
        events / run,
        g_delivered ? static_cast<double>(events) / g_delivered : 0.0,
        g_delivered ? run * 1e6 / g_delivered : 0.0,
        rss / 1024.0,
        rssBuilt / 1024.0,
        static_cast<double>(rss - rss0) / devices);
    Simulator::Destroy();
    return g_delivered == g_attached && g_attached + g_failed == devices ? 0 : 1;
}
