/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The reconnection storm's logic (helper/storm-scenario.*, helper/storm-output-writer.*) on
// small fleets: everyone reconnects after an outage, connections.csv agrees with the host
// firmware's own records, resumption shows in the resumed flags and lowers the server's CPU
// and the time to 95 % reconnected, the TinyGSM and Zephyr drivers differ as their open
// timeouts predict, the server farm spreads devices and adds up its CPU, the same seed gives
// files with the same SHA-256, and bad options are refused with the option's name.

#include "ns3/host-firmware-record.h"
#include "ns3/storm-output-writer.h"
#include "ns3/storm-scenario.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <openssl/evp.h>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::lpwa;

namespace
{

/// Options of a small storm: 20 devices, outage 60..90 s, 240 s.
StormScenario::Options
SmallStorm(const std::vector<std::string>& extra = {})
{
    std::vector<std::string> args = {"storm",
                                     "--devices=20",
                                     "--cells=2",
                                     "--duration=240",
                                     "--outage-start=60",
                                     "--outage-duration=30",
                                     "--attach-spread=10",
                                     "--message-period=20",
                                     "--retry-base=5",
                                     "--retry-cap=30",
                                     "--progress=0"};
    args.insert(args.end(), extra.begin(), extra.end());
    StormScenario::Options options;
    std::string error;
    EXPECT_TRUE(StormScenario::ParseArguments(args, options, error)) << error;
    return options;
}

/// Read a whole file.
std::string
Slurp(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// SHA-256 of every regular file in a directory, as lower-case hex, by file name.
std::map<std::string, std::string>
Digests(const std::filesystem::path& dir)
{
    std::map<std::string, std::string> digests;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
    {
        if (!entry.is_regular_file())
        {
            continue;
        }
        const std::string bytes = Slurp(entry.path());
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), md, &length, EVP_sha256(), nullptr), 1);
        std::string hex;
        char byte[3];
        for (unsigned int k = 0; k < length; ++k)
        {
            std::snprintf(byte, sizeof(byte), "%02x", md[k]);
            hex += byte;
        }
        digests[entry.path().filename().string()] = hex;
    }
    return digests;
}

/// Split CSV text into rows of fields (no quoting in these files).
std::vector<std::vector<std::string>>
Csv(const std::string& text)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        std::vector<std::string> fields;
        std::string field;
        std::istringstream l(line);
        while (std::getline(l, field, ','))
        {
            fields.push_back(field);
        }
        if (!line.empty() && line.back() == ',')
        {
            fields.emplace_back();
        }
        rows.push_back(fields);
    }
    return rows;
}

/// Records of the firmware's own Connection trace, with the device index.
struct Recorded
{
    std::vector<std::pair<uint32_t, HostFirmwareRecord>> records; //!< in trace order

    static void Add(Recorded* self, uint32_t device, const HostFirmwareRecord& r)
    {
        self->records.emplace_back(device, r);
    }
};

/// Run a storm, recording the firmware traces, and write its files.
std::filesystem::path
RunStorm(const StormScenario::Options& options,
         const std::string& name,
         StormScenario& storm,
         Recorded* recorded = nullptr)
{
    storm.Build(options);
    if (recorded)
    {
        ApplicationContainer apps = storm.GetFirmware();
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            apps.Get(i)->TraceConnectWithoutContext("Connection",
                                                    MakeBoundCallback(&Recorded::Add, recorded, i));
        }
    }
    storm.Run();
    const std::filesystem::path dir =
        std::filesystem::path(::testing::TempDir()) / ("lpwa-storm-" + name);
    std::filesystem::remove_all(dir);
    StormOutputWriter writer(storm);
    std::string error;
    EXPECT_TRUE(writer.Write(dir.string(), error)) << error;
    return dir;
}

} // namespace

// Every driver brings its fleet back: TinyGSM's second bring-up deactivates the old context
// first (gprsConnect() calls gprsDisconnect()) and does not upload its certificate again
// (the file is still in flash: a second AT+QFUPL fails with "file already existed").
TEST(StormScenarioTest, EveryDriverReconnectsItsWholeFleet)
{
    for (const std::string driver : {"tinygsm,esp-ml307", "zephyr-bg9x,rt-thread-ml307"})
    {
        StormScenario storm;
        RunStorm(SmallStorm({"--driver=" + driver}), "driver-reconnect", storm);
        const auto& times = storm.GetReconnectTimes();
        ASSERT_EQ(times.size(), 20u);
        for (size_t i = 0; i < times.size(); ++i)
        {
            EXPECT_GE(times[i], 90.0) << driver << ": device " << i << " did not reconnect";
        }
        std::map<uint32_t, uint32_t> opens;
        for (const auto& row : storm.GetConnections())
        {
            opens[row.device] += row.record.connected >= 0 ? 1 : 0;
        }
        for (uint32_t i = 0; i < 20; ++i)
        {
            EXPECT_GE(opens[i], 2u) << driver << ": device " << i;
        }
    }
}

TEST(StormScenarioTest, TwentyDevicesAllReconnectAfterTheOutage)
{
    StormScenario storm;
    const auto dir = RunStorm(SmallStorm(), "reconnect", storm);
    const auto& times = storm.GetReconnectTimes();
    ASSERT_EQ(times.size(), 20u);
    for (size_t i = 0; i < times.size(); ++i)
    {
        EXPECT_GE(times[i], 90.0) << "device " << i << " never reconnected after the outage";
    }
    // Before the outage everyone was connected; during it nobody; at the end everyone again.
    const auto& timeline = storm.GetTimeline();
    ASSERT_EQ(timeline.size(), 240u);
    EXPECT_EQ(timeline[59].connected, 20u); // second 60, just before the cells fail
    EXPECT_EQ(timeline[80].connected, 0u);
    EXPECT_EQ(timeline[80].registered, 0u);
    EXPECT_EQ(timeline.back().connected, 20u);
    EXPECT_EQ(timeline.back().reconnected, 20u);
    StormOutputWriter writer(storm);
    EXPECT_GT(writer.GetTimeToFraction(0.5), 0.0);
    EXPECT_LE(writer.GetTimeToFraction(0.5), writer.GetTimeToFraction(0.99));
    EXPECT_LT(writer.GetTimeToFraction(0.99), 150.0);
    // The server saw at least two full handshakes per device (before and after) and the
    // random-access channel carried the reattachments.
    uint32_t completed = 0;
    uint64_t ra = 0;
    for (const auto& t : timeline)
    {
        completed += t.completed;
        ra += t.raAttempts;
    }
    EXPECT_GE(completed, 40u);
    EXPECT_GE(ra, 40u);
    EXPECT_GT(storm.GetServerCpuSeconds(), 0.0);
    const std::string summary = Slurp(dir / "summary.json");
    EXPECT_NE(summary.find("\"reconnected\": 20,"), std::string::npos) << summary;
    EXPECT_NE(summary.find("\"run\": \"1\""), std::string::npos);
}

TEST(StormScenarioTest, ConnectionsCsvMatchesTheFirmwareRecords)
{
    StormScenario storm;
    Recorded recorded;
    const auto dir = RunStorm(SmallStorm(), "records", storm, &recorded);
    const auto rows = Csv(Slurp(dir / "connections.csv"));
    ASSERT_FALSE(recorded.records.empty());
    ASSERT_EQ(rows.size(), recorded.records.size() + 1); // + header
    const std::vector<std::string>& header = rows[0];
    auto col = [&header](const std::string& name)
    {
        const auto it = std::find(header.begin(), header.end(), name);
        EXPECT_NE(it, header.end()) << name;
        return static_cast<size_t>(it - header.begin());
    };
    uint32_t connectedRows = 0;
    uint32_t withHandshake = 0;
    for (size_t k = 0; k < recorded.records.size(); ++k)
    {
        const auto& [device, r] = recorded.records[k];
        const auto& row = rows[k + 1];
        ASSERT_EQ(row.size(), header.size()) << "row " << k;
        EXPECT_EQ(std::stoul(row[col("device")]), device);
        EXPECT_EQ(std::stoul(row[col("attempt")]), r.attempt);
        EXPECT_NEAR(std::stod(row[col("start_s")]), r.start, 1e-6);
        EXPECT_NEAR(std::stod(row[col("end_s")]), r.end, 1e-6);
        EXPECT_EQ(std::stol(row[col("error_code")]), r.errorCode);
        EXPECT_EQ(std::stoull(row[col("bytes_sent")]), r.bytesSent);
        EXPECT_EQ(std::stoull(row[col("bytes_received")]), r.bytesReceived);
        const std::string outcome = row[col("outcome")];
        EXPECT_TRUE(outcome == HostFirmwareRecord::GetOutcomeName(r.outcome) ||
                    (outcome == "running-at-end" && r.end >= 240.0))
            << outcome;
        if (r.connected >= 0)
        {
            ++connectedRows;
            EXPECT_NEAR(std::stod(row[col("connected_s")]), r.connected, 1e-6);
            // A connected attempt had its handshake completed at the server, queued there,
            // and cost the module's MCU crypto time.
            ASSERT_FALSE(row[col("resumed")].empty()) << "row " << k;
            ++withHandshake;
            EXPECT_GT(std::stod(row[col("handshake_s")]), 0.0);
            EXPECT_GE(std::stod(row[col("server_queue_wait_s")]), 0.0);
            EXPECT_GT(std::stod(row[col("module_crypto_s")]), 0.0);
        }
        else
        {
            EXPECT_TRUE(row[col("connected_s")].empty());
        }
    }
    EXPECT_GE(connectedRows, 40u);
    EXPECT_EQ(withHandshake, connectedRows);
    // Attempts of one device are numbered 1, 2, 3, ... in the order they ended.
    std::map<uint32_t, uint32_t> last;
    for (const auto& [device, r] : recorded.records)
    {
        EXPECT_EQ(r.attempt, last[device] + 1) << "device " << device;
        last[device] = r.attempt;
    }
}

TEST(StormScenarioTest, ResumedFlagsFollowTheResumptionOption)
{
    for (const bool resumption : {false, true})
    {
        StormScenario storm;
        RunStorm(SmallStorm({resumption ? "--resumption=1" : "--resumption=0"}),
                 resumption ? "resumed-1" : "resumed-0",
                 storm);
        uint32_t resumed = 0;
        uint32_t full = 0;
        for (const auto& row : storm.GetConnections())
        {
            if (row.serverCompleted)
            {
                (row.resumed ? resumed : full)++;
                // Only a host that had a session may resume.
                if (row.resumed)
                {
                    EXPECT_TRUE(row.record.resumptionOffered);
                }
            }
        }
        if (resumption)
        {
            // The first connection of each device is full; the reconnections resume.
            EXPECT_GE(full, 20u);
            EXPECT_GE(resumed, 20u);
        }
        else
        {
            EXPECT_EQ(resumed, 0u);
            EXPECT_GE(full, 40u);
        }
    }
}

TEST(StormScenarioTest, SameSeedGivesIdenticalDigestsOtherRunDoesNot)
{
    StormScenario a;
    StormScenario b;
    StormScenario c;
    const auto da = RunStorm(SmallStorm({"--resumption=1"}), "same-a", a);
    const auto db = RunStorm(SmallStorm({"--resumption=1"}), "same-b", b);
    const auto dc = RunStorm(SmallStorm({"--resumption=1", "--run=2"}), "other-run", c);
    const std::map<std::string, std::string> ha = Digests(da);
    const std::map<std::string, std::string> hb = Digests(db);
    const std::map<std::string, std::string> hc = Digests(dc);
    // Every output file, the CSVs, summary.json, plot scripts and data included.
    for (const std::string f : {"connections.csv",
                                "timeline.csv",
                                "energy.csv",
                                "summary.json",
                                "reconnected.plt",
                                "handshake-cdf.plt",
                                "server-utilisation.plt"})
    {
        ASSERT_TRUE(ha.count(f)) << f;
        EXPECT_GT(std::filesystem::file_size(da / f), 50u) << f;
    }
    ASSERT_EQ(ha.size(), hb.size());
    for (const auto& [f, digest] : ha)
    {
        EXPECT_EQ(digest.size(), 64u) << f;
        ASSERT_TRUE(hb.count(f)) << f;
        EXPECT_EQ(digest, hb.at(f)) << f << ": SHA-256 differs between two runs with one seed";
    }
    ASSERT_TRUE(hc.count("connections.csv"));
    EXPECT_NE(ha.at("connections.csv"), hc.at("connections.csv"));
    EXPECT_NE(ha.at("summary.json"), hc.at("summary.json"));
}

TEST(StormScenarioTest, ResumptionLowersServerCpuAndTimeTo95Percent)
{
    StormScenario off;
    StormScenario on;
    RunStorm(SmallStorm({"--resumption=0"}), "resumption-off", off);
    RunStorm(SmallStorm({"--resumption=1"}), "resumption-on", on);
    const double t95Off = StormOutputWriter(off).GetTimeToFraction(0.95);
    const double t95On = StormOutputWriter(on).GetTimeToFraction(0.95);
    ASSERT_GT(t95Off, 0.0);
    ASSERT_GT(t95On, 0.0);
    EXPECT_LT(t95On, t95Off);
    // The reconnections resume: the server skips the RSA private-key operation, so it spends
    // clearly less, not just a little less.
    EXPECT_GT(on.GetServerCpuSeconds(), 0.0);
    EXPECT_LT(on.GetServerCpuSeconds(), 0.8 * off.GetServerCpuSeconds());
    EXPECT_LT(on.GetServerHandshakeCpuSeconds(), off.GetServerHandshakeCpuSeconds());
}

TEST(StormScenarioTest, TinyGsmWaitsForSlowOpensWhereZephyrTimesOutAndRetries)
{
    // A power-on storm (no outage; every device powers on at 0 s) on LTE-M in coverage class
    // 1: some opens take longer than 10 s. TinyGSM waits up to 150 s for +QSSLOPEN; the
    // Zephyr driver gives up after 10 s (AT+QIGETERROR, close) and retries with the backoff.
    const std::vector<std::string> slow = {"--mix=BG95-M3:1",
                                           "--rat=ltem",
                                           "--ce-mix=1:1",
                                           "--attach-spread=0",
                                           "--outage-duration=0",
                                           "--duration=150"};
    std::map<std::string, uint32_t> attempts;
    std::map<std::string, uint32_t> timeouts;
    std::map<std::string, uint32_t> connected;
    for (const std::string driver : {"tinygsm", "zephyr-bg9x"})
    {
        std::vector<std::string> extra = slow;
        extra.push_back("--driver=" + driver + ",esp-ml307");
        StormScenario storm;
        RunStorm(SmallStorm(extra), "driver-" + driver, storm);
        std::map<uint32_t, bool> devices;
        for (const auto& row : storm.GetConnections())
        {
            ++attempts[driver];
            if (row.record.outcome == HostFirmwareRecord::HOST_TIMEOUT)
            {
                ++timeouts[driver];
                // Zephyr's wait is 10 s, TinyGSM's 150 s.
                EXPECT_NEAR(row.record.end - row.record.start,
                            driver == "tinygsm" ? 150.0 : 10.0,
                            2.0);
            }
            if (row.record.connected >= 0)
            {
                devices[row.device] = true;
            }
        }
        connected[driver] = devices.size();
    }
    EXPECT_EQ(timeouts["tinygsm"], 0u);
    EXPECT_GE(timeouts["zephyr-bg9x"], 3u);
    EXPECT_EQ(attempts["tinygsm"], 20u); // one attempt per device, still open at the end
    EXPECT_GE(attempts["zephyr-bg9x"], attempts["tinygsm"] + timeouts["zephyr-bg9x"]);
    EXPECT_EQ(connected["tinygsm"], 20u);
    EXPECT_EQ(connected["zephyr-bg9x"], 20u);
}

// --server-idle-timeout: the servers close the connections the outage killed (their clients
// vanished without a FIN) once they have been silent that long, while the live ones, which
// send a message every 20 s, stay; every device still reconnects. Without it, nothing closes.
TEST(StormScenarioTest, ServerIdleTimeoutClosesTheConnectionsTheOutageKilled)
{
    std::map<std::string, uint32_t> idle;
    for (const std::string timeout : {"0", "50"})
    {
        StormScenario storm;
        const auto dir =
            RunStorm(SmallStorm({"--server-idle-timeout=" + timeout}), "idle-" + timeout, storm);
        idle[timeout] = storm.GetServerIdleClosedCount();
        for (uint32_t i = 0; i < storm.GetDevices().size(); ++i)
        {
            EXPECT_GT(storm.GetReconnectTimes()[i], 0.0) << "device " << i << ", " << timeout;
        }
        EXPECT_NE(Slurp(dir / "summary.json")
                      .find("\"server_idle_closed\": " + std::to_string(idle[timeout]) + ","),
                  std::string::npos);
        uint32_t atOutage = 0;
        for (const auto& row : storm.GetTimeline())
        {
            if (row.second == 60)
            {
                atOutage = row.connected;
            }
        }
        EXPECT_LE(idle[timeout], atOutage);
    }
    EXPECT_EQ(idle["0"], 0u);
    EXPECT_EQ(idle["50"], 20u); // every connection alive at 60 s died silently
}

// Every device draws its own MCL: the k-th device of one cell does not repeat the k-th device
// of another (the cells once restarted the same MCL and attach-time streams).
TEST(StormScenarioTest, CellsDrawIndependentMcl)
{
    StormScenario storm;
    RunStorm(SmallStorm(), "independent-draws", storm);
    std::set<double> mcl;
    for (const auto& device : storm.GetDevices())
    {
        mcl.insert(device.mcl);
    }
    EXPECT_EQ(mcl.size(), storm.GetDevices().size());
}

// Module and host power on together at the radio's attach start: the Zephyr driver switches
// the radio on itself (AT+CFUN=1), so a host started at 0 s would attach every BG95 at once
// whatever --attach-spread says.
TEST(StormScenarioTest, HostsPowerOnWithTheirModulesAcrossTheAttachSpread)
{
    StormScenario storm;
    storm.Build(SmallStorm(
        {"--mix=BG95-M3:1", "--attach-spread=50", "--outage-start=100", "--outage-duration=30"}));
    const auto& devices = storm.GetDevices();
    ApplicationContainer apps = storm.GetFirmware();
    ASSERT_EQ(apps.GetN(), devices.size());
    Recorded recorded;
    double earliest = 1e9;
    double latest = -1;
    for (uint32_t i = 0; i < devices.size(); ++i)
    {
        const double on = devices[i].powerOn.GetSeconds();
        EXPECT_GE(on, 0.0);
        EXPECT_LE(on, 50.0);
        TimeValue start;
        apps.Get(i)->GetAttribute("StartTime", start);
        EXPECT_EQ(start.Get(), devices[i].powerOn) << "device " << i;
        earliest = std::min(earliest, on);
        latest = std::max(latest, on);
        apps.Get(i)->TraceConnectWithoutContext("Connection",
                                                MakeBoundCallback(&Recorded::Add, &recorded, i));
    }
    storm.Run();
    EXPECT_GT(latest - earliest, 25.0); // 20 uniform draws over 50 s
    // Every device's first open starts after its power-on (bring-up takes a few seconds), and
    // the first opens spread like the power-ons.
    std::map<uint32_t, double> firstOpen;
    for (const auto& [device, r] : recorded.records)
    {
        if (!firstOpen.count(device))
        {
            firstOpen[device] = r.start;
        }
    }
    ASSERT_EQ(firstOpen.size(), devices.size());
    double openEarliest = 1e9;
    double openLatest = -1;
    for (const auto& [device, start] : firstOpen)
    {
        EXPECT_GT(start, devices[device].powerOn.GetSeconds()) << "device " << device;
        openEarliest = std::min(openEarliest, start);
        openLatest = std::max(openLatest, start);
    }
    EXPECT_GT(openLatest - openEarliest, 25.0);
}

// 120 devices on one machine: three front-end nodes of 40 devices, all served by the one
// TlsServer (one CPU, one admission bucket), and the whole fleet reconnects through them.
TEST(StormScenarioTest, FrontEndsOfAMachineShareItsServer)
{
    StormScenario storm;
    const auto dir = RunStorm(SmallStorm({"--devices=120", "--cells=4"}), "front-ends", storm);
    ASSERT_EQ(StormScenario::GetFrontEndCount(120, 1), 3u);
    const std::vector<uint32_t>& frontEnd = storm.GetFrontEndOfDevice();
    ASSERT_EQ(frontEnd.size(), 120u);
    std::vector<uint32_t> perFrontEnd(3, 0);
    for (uint32_t i = 0; i < 120; ++i)
    {
        EXPECT_EQ(storm.GetServerOfDevice()[i], 0u);
        EXPECT_EQ(frontEnd[i], i % 3) << "device " << i;
        ++perFrontEnd[frontEnd[i]];
        EXPECT_GT(storm.GetReconnectTimes()[i], 0.0) << "device " << i;
    }
    EXPECT_EQ(perFrontEnd, std::vector<uint32_t>({40, 40, 40}));
    uint32_t handshakes = 0;
    for (const auto& row : storm.GetConnections())
    {
        handshakes += row.serverCompleted ? 1 : 0;
    }
    EXPECT_GE(handshakes, 240u);
    // One machine: utilisation divides by its two cores only.
    double sum = 0;
    for (const auto& row : storm.GetTimeline())
    {
        sum += row.cpuUtilisation;
    }
    EXPECT_NEAR(sum * 2, storm.GetServerCpuSeconds(), 1e-6);
    EXPECT_NE(Slurp(dir / "summary.json").find("\"server-nodes\": \"1\""), std::string::npos);
}

TEST(StormScenarioTest, ServerFarmSpreadsDevicesAndAddsUpItsCpu)
{
    StormScenario::Options options;
    options.devices = 20;
    EXPECT_EQ(options.GetServerNodeCount(), 1u);
    options.devices = 1000;
    EXPECT_EQ(options.GetServerNodeCount(), 1u);
    options.devices = 1001;
    EXPECT_EQ(options.GetServerNodeCount(), 2u);
    options.devices = 10000;
    EXPECT_EQ(options.GetServerNodeCount(), 10u);
    options.devices = 100000;
    EXPECT_EQ(options.GetServerNodeCount(), 100u);
    options.devices = 200000; // the most --devices allows
    EXPECT_EQ(options.GetServerNodeCount(), 200u);
    options.serverNodes = 3;
    EXPECT_EQ(options.GetServerNodeCount(), 3u);
    // Front ends: each machine is reached at enough nodes that none serves more than 50.
    EXPECT_EQ(StormScenario::GetFrontEndCount(20, 1), 1u);
    EXPECT_EQ(StormScenario::GetFrontEndCount(50, 1), 1u);
    EXPECT_EQ(StormScenario::GetFrontEndCount(51, 1), 2u);
    EXPECT_EQ(StormScenario::GetFrontEndCount(1000, 1), 20u);
    EXPECT_EQ(StormScenario::GetFrontEndCount(1001, 2), 11u);
    EXPECT_EQ(StormScenario::GetFrontEndCount(100000, 100), 20u);

    StormScenario one;
    StormScenario farm;
    RunStorm(SmallStorm({"--server-nodes=1"}), "farm-1", one);
    const auto dir = RunStorm(SmallStorm({"--server-nodes=3"}), "farm-3", farm);
    const std::vector<uint32_t>& of = farm.GetServerOfDevice();
    ASSERT_EQ(of.size(), 20u);
    for (uint32_t i = 0; i < of.size(); ++i)
    {
        EXPECT_EQ(of[i], i % 3) << "device " << i;
        EXPECT_EQ(farm.GetFrontEndOfDevice()[i], i % 3) << "device " << i; // one front end each
    }
    // Every device of every node reconnected, with a handshake at its node.
    for (uint32_t i = 0; i < 20; ++i)
    {
        EXPECT_GT(farm.GetReconnectTimes()[i], 0.0) << "device " << i;
    }
    uint32_t handshakes = 0;
    for (const auto& row : farm.GetConnections())
    {
        handshakes += row.serverCompleted ? 1 : 0;
    }
    EXPECT_GE(handshakes, 40u);
    // The same handshakes cost the same CPU on one node or three (the sum over the farm)...
    EXPECT_GT(farm.GetServerCpuSeconds(), 0.0);
    EXPECT_NEAR(farm.GetServerCpuSeconds(),
                one.GetServerCpuSeconds(),
                0.1 * one.GetServerCpuSeconds());
    // ...but the farm's utilisation divides by all its cores.
    double peakOne = 0;
    double peakFarm = 0;
    double sumFarm = 0;
    for (const auto& row : one.GetTimeline())
    {
        peakOne = std::max(peakOne, row.cpuUtilisation);
    }
    for (const auto& row : farm.GetTimeline())
    {
        peakFarm = std::max(peakFarm, row.cpuUtilisation);
        sumFarm += row.cpuUtilisation;
    }
    EXPECT_LT(peakFarm, peakOne);
    EXPECT_NEAR(sumFarm * 3 * 2, farm.GetServerCpuSeconds(), 1e-6);
    EXPECT_NE(Slurp(dir / "summary.json").find("\"server-nodes\": \"3\""), std::string::npos);
}

TEST(StormScenarioTest, EnergyRowsCoverTheWholeRun)
{
    StormScenario storm;
    RunStorm(SmallStorm(), "energy", storm);
    const auto& energy = storm.GetEnergy();
    ASSERT_FALSE(energy.empty());
    std::map<uint32_t, double> time;
    std::map<uint32_t, double> joules;
    for (const auto& e : energy)
    {
        time[e.device] += e.time;
        joules[e.device] += e.energy;
    }
    ASSERT_EQ(time.size(), 20u);
    for (const auto& [device, t] : time)
    {
        EXPECT_NEAR(t, 240.0, 1e-3) << "device " << device;
        EXPECT_GT(joules[device], 0.0);
    }
}

TEST(StormScenarioTest, BadOptionsNameTheOption)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"--devices=0", "--devices"},
        {"--devices=12x", "--devices"},
        {"--mix=BG95-M3:0.5,NOPE:0.5", "--mix"},
        {"--mix=BG95-M3", "--mix"},
        {"--rat=5g", "--rat"},
        {"--rat=cat1", "--rat"}, // BG95-M3 has no Cat.1 radio
        {"--ce-mix=0:0.5,7:0.5", "--ce-mix"},
        {"--cert=dsa", "--cert"},
        {"--resumption=yes", "--resumption"},
        {"--driver=tinygsm", "--driver"}, // no driver for ML307R
        {"--driver=tinygsm,zephyr-bg9x", "--driver"},
        {"--retry=linear", "--retry"},
        {"--retry-base=600", "--retry-cap"},
        {"--outage-start=1000", "--outage-start"},
        {"--duration=-5", "--duration"},
        {"--server-cores=0", "--server-cores"},
        {"--server-nodes=901", "--server-nodes"},
        {"--rate-limit=fast", "--rate-limit"},
        {"--progress=2", "--progress"},
        {"--mcu-speed=turbo", "--mcu-speed: \"turbo\" is not one of slow|nominal|fast"},
    };
    for (const auto& [arg, name] : cases)
    {
        StormScenario::Options options;
        std::string error;
        EXPECT_FALSE(StormScenario::ParseArguments({"storm", arg}, options, error)) << arg;
        EXPECT_NE(error.find(name), std::string::npos) << arg << ": " << error;
    }
    StormScenario::Options options;
    std::string error;
    EXPECT_FALSE(
        StormScenario::ParseArguments({"storm", "--ce-mix=0:1", "--mcl-mean=150"}, options, error));
    EXPECT_NE(error.find("--ce-mix"), std::string::npos) << error;
    // More server nodes than devices.
    EXPECT_FALSE(StormScenario::ParseArguments({"storm", "--devices=20", "--server-nodes=21"},
                                               options,
                                               error));
    EXPECT_NE(error.find("--server-nodes"), std::string::npos) << error;
}
