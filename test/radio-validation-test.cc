/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Validation of the radio access model against the published figures of
// /work/shared/calibration.md (table "Radio link"); doc/lpwa-modem.rst, "Radio access model",
// lists the same conditions and the model's results beside the published ones.

#include "radio-test-scenario.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/nstime.h"

#include <gtest/gtest.h>
#include <iostream>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;
using namespace ns3::lpwa::test;

namespace
{

/// One measurement: one-way latency to the server and echo round trip.
struct Result
{
    double oneWay; //!< seconds, send to arrival at the server
    double rtt;    //!< seconds, send to echo arrival (0 if no echo)
};

/// Where the device is when it sends.
enum From
{
    FROM_PSM,       //!< asleep in PSM (T3324 10 s after the release)
    FROM_IDLE,      //!< released, not in PSM
    FROM_CONNECTED, //!< still connected: a first exchange 5 s before
};

/**
 * One device attaches at 0 on a cell with the network preset `preset`, is released (and goes
 * into PSM with FROM_PSM), and at 200 s sends `bytes` of UDP payload to an echo server behind
 * a 10 ms core link. FROM_CONNECTED sends the same 5 s earlier first, so the device is
 * connected at 200 s (inside its inactivity timer).
 */
Result
Measure(const std::string& preset,
        const std::string& technology,
        double mcl,
        From from,
        uint32_t bytes)
{
    RadioScenario s;
    s.helper.SetNetworkPreset(preset);
    s.helper.SetDeviceAttribute("Mcl", DoubleValue(mcl));
    s.helper.SetDeviceAttribute("PsmEnabled", BooleanValue(from == FROM_PSM));
    s.helper.SetDeviceAttribute("T3324", TimeValue(Seconds(10)));
    s.Build(technology, 1);
    s.AddServer(true);
    if (from == FROM_CONNECTED)
    {
        s.SendAt(Seconds(195), 0, bytes);
    }
    s.SendAt(Seconds(200), 0, bytes);
    Simulator::Stop(Seconds(400));
    Simulator::Run();
    Result r{-1, -1};
    const uint32_t address = s.AddressOf(0).Get();
    for (Time t : s.arrived[address])
    {
        if (t >= Seconds(200))
        {
            r.oneWay = (t - Seconds(200)).GetSeconds();
            break;
        }
    }
    const auto& echoes = s.echoed[0];
    const size_t n = from == FROM_CONNECTED ? 1 : 0;
    if (echoes.size() > n && echoes[n] >= Seconds(200))
    {
        r.rtt = (echoes[n] - Seconds(200)).GetSeconds();
    }
    const char* names[] = {"from PSM", "from IDLE", "connected"};
    std::cout << preset << " " << technology << " MCL " << mcl << " " << names[from] << ", "
              << bytes << " B: one-way " << r.oneWay << " s, echo " << r.rtt << " s" << std::endl;
    RadioScenario::Destroy();
    return r;
}

constexpr const char* kEvaluation = "3gpp-evaluation"; //!< the ideal preset
constexpr const char* kLive = "live-robinson2019";     //!< the default, live-network preset

/// Assert `value` within +-25 % of `published`.
void
ExpectWithin25(double value, double published, const std::string& what)
{
    EXPECT_GE(value, published * 0.75) << what;
    EXPECT_LE(value, published * 1.25) << what;
}

} // namespace

// Calibration of the 3gpp-evaluation preset. calibration.md "LTE-M message latency": 0.1 s at
// 144 dB, 6.2 s at 164 dB (exception report from a sleeping device; TR 45.820 conditions:
// 20 B application payload).
TEST(RadioCalibration, EvaluationLteMLatencyAt144And164Db)
{
    const Result good = Measure(kEvaluation, "Cat-M1", 144, FROM_PSM, 20);
    const Result deep = Measure(kEvaluation, "Cat-M1", 164, FROM_PSM, 20);
    ExpectWithin25(good.oneWay, 0.1, "LTE-M 144 dB");
    ExpectWithin25(deep.oneWay, 6.2, "LTE-M 164 dB");
}

// Calibration of the 3gpp-evaluation preset. calibration.md "NB-IoT exception-report
// latency": < 0.5 s @144 dB, ~1 s @154 dB, 5-7 s @164 dB (TR 45.820; status R).
TEST(RadioCalibration, EvaluationNbIotExceptionReportPerCoverageClass)
{
    const Result ecl0 = Measure(kEvaluation, "Cat-NB1", 144, FROM_PSM, 20);
    const Result ecl1 = Measure(kEvaluation, "Cat-NB1", 154, FROM_PSM, 20);
    const Result ecl2 = Measure(kEvaluation, "Cat-NB1", 164, FROM_PSM, 20);
    EXPECT_GT(ecl0.oneWay, 0.1);
    EXPECT_LT(ecl0.oneWay, 0.5);
    ExpectWithin25(ecl1.oneWay, 1.0, "NB-IoT 154 dB");
    EXPECT_GT(ecl2.oneWay, 5.0);
    EXPECT_LT(ecl2.oneWay, 7.0);
}

// Calibration of the live-robinson2019 preset (the default). calibration.md "UDP send latency
// 16-512 B (NB-IoT)": 2.1-3.6 s on Ericsson/Huawei/ZTE eNBs, and "echo round trip (NB-IoT)":
// 2.2-27.6 s (Robinson 2019, live networks, coverage not given). The model at ECL1 (154 dB)
// from IDLE.
TEST(RadioCalibration, LiveNbIotUdpSendAndEcho)
{
    const Result small = Measure(kLive, "Cat-NB1", 154, FROM_IDLE, 16);
    const Result large = Measure(kLive, "Cat-NB1", 154, FROM_IDLE, 512);
    EXPECT_LT(small.oneWay, large.oneWay);
    EXPECT_GE(small.oneWay, 2.1);
    EXPECT_LE(large.oneWay, 3.6);
    EXPECT_GE(small.rtt, 2.2);
    EXPECT_LE(large.rtt, 27.6);
}

// Validation of the live preset. calibration.md "DTLS 1.2 CID request/response (200 B each)":
// LTE-M 0.8 s, NB-IoT 1.5 s, nRF9160, registered and woken from PSM (boaks
// zephyr-coaps-client). UDP of the DTLS record size (200 B + 29 B of DTLS 1.2 CID header and
// AES-CCM tag) from PSM, LTE-M 144 dB and NB-IoT ECL0.
TEST(RadioValidation, LiveDtlsRequestResponseAfterPsm)
{
    const Result m = Measure(kLive, "Cat-M1", 144, FROM_PSM, 229);
    const Result nb = Measure(kLive, "Cat-NB1", 144, FROM_PSM, 229);
    ExpectWithin25(m.rtt, 0.8, "LTE-M");
    ExpectWithin25(nb.rtt, 1.5, "NB-IoT");
}

namespace
{

/// Time from each PSM exit to the next PSM entry of device 0 (the periodic TAU wake-ups).
void
RecordPsm(std::vector<std::pair<bool, Time>>* out,
          RadioUeNetDevice::State from,
          RadioUeNetDevice::State to)
{
    if (from == RadioUeNetDevice::PSM)
    {
        out->emplace_back(false, Simulator::Now());
    }
    if (to == RadioUeNetDevice::PSM)
    {
        out->emplace_back(true, Simulator::Now());
    }
}

/**
 * One device in PSM with active time (T3324) 8 s and a periodic TAU every 600 s, as in the
 * nRF9160 measurement: returns the mean time awake (PSM exit to PSM entry) over the wake-ups
 * after the first one.
 */
double
MeasureWake(const std::string& preset, const std::string& technology, double mcl, bool rai)
{
    RadioScenario s;
    s.helper.SetNetworkPreset(preset);
    s.helper.SetDeviceAttribute("Mcl", DoubleValue(mcl));
    s.EnablePsm(Seconds(8), Seconds(600));
    s.helper.SetDeviceAttribute("ReleaseAssistance", BooleanValue(rai));
    s.Build(technology, 1);
    std::vector<std::pair<bool, Time>> marks;
    s.Ue(0)->TraceConnectWithoutContext("StateTransition", MakeBoundCallback(&RecordPsm, &marks));
    Simulator::Stop(Seconds(3700));
    Simulator::Run();
    double sum = 0;
    uint32_t wakes = 0;
    for (size_t i = 1; i < marks.size(); ++i)
    {
        if (!marks[i - 1].first && marks[i].first)
        {
            sum += (marks[i].second - marks[i - 1].second).GetSeconds();
            ++wakes;
        }
    }
    RadioScenario::Destroy();
    std::cout << technology << " MCL " << mcl << (rai ? " RAI" : "") << ": " << wakes
              << " wake-ups, mean awake " << (wakes ? sum / wakes : -1) << " s" << std::endl;
    EXPECT_GE(wakes, 5u);
    return wakes ? sum / wakes : -1;
}

/// Bytes of UDP payload that reach a socket, counted inside a time window.
struct Goodput
{
    Time from;         //!< window start
    Time to;           //!< window end
    uint64_t bytes{0}; //!< payload bytes inside the window

    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            if (Simulator::Now() >= from && Simulator::Now() < to)
            {
                bytes += p->GetSize();
            }
        }
    }
};

/// Send one `bytes` datagram on `socket` now and again every `interval` until `until`.
void
Stream(Ptr<Socket> socket, uint32_t bytes, Time interval, Time until)
{
    if (Simulator::Now() >= until)
    {
        return;
    }
    socket->Send(Create<Packet>(bytes));
    Simulator::Schedule(interval, &Stream, socket, bytes, interval, until);
}

/**
 * Saturate one device (144 dB, best class) in one direction with 1000-byte UDP datagrams
 * offered at 1.5 times `nominalKbps` from 30 s to 60 s (the downlink after an uplink packet
 * has connected the device) and return the UDP goodput in kbps over 40-55 s.
 */
double
MeasurePeak(const std::string& preset,
            const std::string& technology,
            bool uplink,
            double nominalKbps)
{
    RadioScenario s;
    s.helper.SetNetworkPreset(preset);
    s.helper.SetDeviceAttribute("Mcl", DoubleValue(120));
    s.Build(technology, 1);
    Ptr<Node> server = s.helper.GetServer(0);
    Ptr<Node> device = s.nodes.Get(0);
    Ptr<Socket> sink =
        Socket::CreateSocket(uplink ? server : device, UdpSocketFactory::GetTypeId());
    sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
    Goodput g;
    g.from = Seconds(40);
    g.to = Seconds(55);
    sink->SetRecvCallback(MakeCallback(&Goodput::Read, &g));
    Ptr<Socket> source =
        Socket::CreateSocket(uplink ? device : server, UdpSocketFactory::GetTypeId());
    source->Bind();
    source->Connect(InetSocketAddress(uplink ? s.helper.GetServerAddress(0) : s.AddressOf(0), 9));
    if (!uplink)
    {
        s.SendAt(Seconds(29), 0, 20); // connect the device first
    }
    const Time interval = Seconds(1000.0 * 8 / (1.5 * nominalKbps * 1000));
    Simulator::Schedule(Seconds(30), &Stream, source, 1000, interval, Seconds(60));
    Simulator::Stop(Seconds(70));
    Simulator::Run();
    const double kbps = g.bytes * 8.0 / (g.to - g.from).GetSeconds() / 1000;
    std::cout << technology << (uplink ? " UL" : " DL") << " goodput " << kbps << " kbps (nominal "
              << nominalKbps << ")" << std::endl;
    RadioScenario::Destroy();
    return kbps;
}

} // namespace

// Validation of the live preset. calibration.md "wake from PSM + re-registration": LTE-M ~12 s,
// NB-IoT ~10 s, nRF9160 with active time 8 s, a periodic wake-up without data (a TAU); RAI on
// NB-IoT only in that setup. The TAU goes without the active flag, so the network releases
// at once (TS 24.301 5.5.3.2.4).
TEST(RadioValidation, LiveWakeFromPsmForPeriodicTau)
{
    const double nb = MeasureWake(kLive, "Cat-NB1", 144, true);
    const double m = MeasureWake(kLive, "Cat-M1", 144, false);
    ExpectWithin25(nb, 10, "NB-IoT");
    ExpectWithin25(m, 12, "LTE-M");
}

// Calibration of the 3gpp-evaluation preset. calibration.md "Cat-M1 peak rate" (HD-FDD 375 UL
// / 300 DL kbps; FD-FDD 1000 / 800) and "Cat-NB1 / Cat-NB2 peak rate" (62 / 26 and 159 / 127
// kbps UL / DL); Cat.1 from 3GPP TS 36.306 (5160 / 10296 bits per TTI). One saturated device:
// the UDP goodput, with the 10 % of first transmissions that HARQ sends again added back,
// within 75-100 % of the error-free peak.
TEST(RadioCalibration, EvaluationPeakThroughputPerCategory)
{
    struct Row
    {
        const char* technology;
        double ul;
        double dl;
    };

    const Row rows[] = {{"Cat-NB1", 62, 26},
                        {"Cat-NB2", 159, 127},
                        {"Cat-M1", 375, 300},
                        {"Cat-M1-FD", 1000, 800},
                        {"Cat-1", 5160, 10296}};
    for (const Row& r : rows)
    {
        const double ul = MeasurePeak(kEvaluation, r.technology, true, r.ul) / 0.9;
        const double dl = MeasurePeak(kEvaluation, r.technology, false, r.dl) / 0.9;
        EXPECT_GT(ul, r.ul * 0.75) << r.technology;
        EXPECT_LT(ul, r.ul * 1.0) << r.technology;
        EXPECT_GT(dl, r.dl * 0.75) << r.technology;
        EXPECT_LT(dl, r.dl * 1.0) << r.technology;
    }
}
