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

/**
 * One device attaches at 0, goes idle (and into PSM with `psm`), and at 200 s sends `bytes`
 * of UDP payload to an echo server behind a 10 ms core link.
 */
Result
Measure(const std::string& technology, double mcl, bool psm, uint32_t bytes)
{
    RadioScenario s;
    s.helper.SetDeviceAttribute("Mcl", DoubleValue(mcl));
    s.helper.SetDeviceAttribute("PsmEnabled", BooleanValue(psm));
    s.helper.SetDeviceAttribute("T3324", TimeValue(Seconds(10)));
    s.Build(technology, 1);
    s.AddServer(true);
    s.SendAt(Seconds(200), 0, bytes);
    Simulator::Stop(Seconds(400));
    Simulator::Run();
    Result r{-1, -1};
    const uint32_t address = s.AddressOf(0).Get();
    if (!s.arrived[address].empty())
    {
        r.oneWay = (s.arrived[address].front() - Seconds(200)).GetSeconds();
    }
    if (!s.echoed[0].empty())
    {
        r.rtt = (s.echoed[0].front() - Seconds(200)).GetSeconds();
    }
    std::cout << technology << " MCL " << mcl << (psm ? " from PSM" : " from IDLE") << ", " << bytes
              << " B: one-way " << r.oneWay << " s, echo " << r.rtt << " s" << std::endl;
    RadioScenario::Destroy();
    return r;
}

} // namespace

// calibration.md "LTE-M message latency": 0.1 s at 144 dB, 6.2 s at 164 dB (exception report
// from a sleeping device; TR 45.820 conditions: 20 B application payload).
TEST(RadioValidation, LteMLatencyAt144And164Db)
{
    const Result good = Measure("Cat-M1", 144, true, 20);
    const Result deep = Measure("Cat-M1", 164, true, 20);
    EXPECT_GT(good.oneWay, 0.05);
    EXPECT_LT(good.oneWay, 0.2);
    EXPECT_GT(deep.oneWay, 4.5);
    EXPECT_LT(deep.oneWay, 8.0);
}

// calibration.md "NB-IoT exception-report latency": < 0.5 s @144 dB, ~1 s @154 dB,
// 5-7 s @164 dB (TR 45.820; status R).
TEST(RadioValidation, NbIotExceptionReportPerCoverageClass)
{
    const Result ecl0 = Measure("Cat-NB1", 144, true, 20);
    const Result ecl1 = Measure("Cat-NB1", 154, true, 20);
    const Result ecl2 = Measure("Cat-NB1", 164, true, 20);
    EXPECT_GT(ecl0.oneWay, 0.1);
    EXPECT_LT(ecl0.oneWay, 0.5);
    EXPECT_GT(ecl1.oneWay, 0.6);
    EXPECT_LT(ecl1.oneWay, 1.6);
    EXPECT_GT(ecl2.oneWay, 5.0);
    EXPECT_LT(ecl2.oneWay, 7.0);
}

// calibration.md "UDP send latency 16-512 B (NB-IoT)": 2.1-3.6 s on Ericsson/Huawei/ZTE eNBs,
// and "echo round trip (NB-IoT)": 2.2-27.6 s (Robinson 2019, live networks, coverage not
// given). The model at ECL1 (154 dB) from IDLE.
TEST(RadioValidation, NbIotUdpSendAndEcho)
{
    const Result small = Measure("Cat-NB1", 154, false, 16);
    const Result large = Measure("Cat-NB1", 154, false, 512);
    EXPECT_LT(small.oneWay, large.oneWay);
    EXPECT_GT(small.oneWay, 0.3);
    EXPECT_LT(large.oneWay, 3.6);
    EXPECT_GT(large.rtt, 2.2);
    EXPECT_LT(large.rtt, 27.6);
    EXPECT_GT(small.rtt, small.oneWay);
}

// calibration.md "DTLS 1.2 CID request/response (200 B each)": LTE-M 0.8 s, NB-IoT 1.5 s,
// nRF9160 already registered (coverage not given). Plain UDP of the same sizes from IDLE.
TEST(RadioValidation, RequestResponse200BytesAfterRegistration)
{
    const Result m = Measure("Cat-M1", 150, false, 200);
    const Result nb = Measure("Cat-NB1", 150, false, 200);
    EXPECT_LT(m.rtt, nb.rtt);
    EXPECT_GT(m.rtt, 0.1);
    EXPECT_LT(m.rtt, 1.5);
    EXPECT_GT(nb.rtt, 0.5);
    EXPECT_LT(nb.rtt, 3.0);
}
