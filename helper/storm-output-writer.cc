/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "storm-output-writer.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaStormOutputWriter");

namespace
{

/// Fixed-point text with `digits` decimals.
std::string
Num(double v, int digits = 6)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
    return buf;
}

/// A JSON number, or null for a negative "none" value.
std::string
NumOrNull(double v)
{
    return v < 0 ? "null" : Num(v);
}

/// JSON string literal.
std::string
Quote(const std::string& s)
{
    std::string out = "\"";
    for (char c : s)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += c;
        }
        else if (static_cast<unsigned char>(c) < 0x20)
        {
            char buf[8];
            std::snprintf(buf, sizeof(buf), "\\u%04x", c);
            out += buf;
        }
        else
        {
            out += c;
        }
    }
    return out + "\"";
}

/// Median of values (-1 if none).
double
Median(std::vector<double> v)
{
    if (v.empty())
    {
        return -1;
    }
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/// Write a file; false with an error naming it.
bool
WriteFile(const std::filesystem::path& path, const std::string& text, std::string& error)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
    {
        error = "cannot write " + path.string();
        return false;
    }
    return true;
}

/// Shell single-quoted text.
std::string
ShellQuote(const std::string& s)
{
    std::string out = "'";
    for (char c : s)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

} // namespace

StormOutputWriter::StormOutputWriter(const StormScenario& scenario)
    : m_scenario(scenario)
{
}

std::string
StormOutputWriter::ConnectionsCsv() const
{
    std::ostringstream out;
    out << "device,model,rat,ce_level,driver,attempt,start_s,connected_s,end_s,outcome,"
           "error_code,resumption_offered,resumed,handshake_s,server_queue_wait_s,bytes_sent,"
           "bytes_received,messages_echoed,module_crypto_s\n";
    const auto& devices = m_scenario.GetDevices();
    for (const auto& row : m_scenario.GetConnections())
    {
        const auto& r = row.record;
        const auto& d = devices[row.device];
        out << row.device << ',' << d.model << ',' << d.rat << ',' << row.ceLevel << ',' << d.driver
            << ',' << r.attempt << ',' << Num(r.start) << ','
            << (r.connected < 0 ? std::string("") : Num(r.connected)) << ',' << Num(r.end) << ','
            << (row.runningAtEnd ? std::string("running-at-end")
                                 : HostFirmwareRecord::GetOutcomeName(r.outcome))
            << ',' << r.errorCode << ',' << (r.resumptionOffered ? 1 : 0) << ','
            << (row.serverCompleted ? (row.resumed ? "1" : "0") : "") << ','
            << (row.serverCompleted ? Num(row.handshake) : std::string("")) << ','
            << (row.serverCompleted ? Num(row.queueWait) : std::string("")) << ',' << r.bytesSent
            << ',' << r.bytesReceived << ',' << r.messagesEchoed << ',' << Num(row.moduleCrypto)
            << '\n';
    }
    return out.str();
}

std::string
StormOutputWriter::TimelineCsv() const
{
    std::ostringstream out;
    out << "second,connected,reconnected,registered,handshakes_in_progress,"
           "handshakes_completed,handshakes_resumed,handshakes_failed,refused,ra_attempts,"
           "ra_collisions,server_cpu_utilisation\n";
    for (const auto& t : m_scenario.GetTimeline())
    {
        out << t.second << ',' << t.connected << ',' << t.reconnected << ',' << t.registered << ','
            << t.inProgress << ',' << t.completed << ',' << t.resumedCount << ',' << t.failed << ','
            << t.refused << ',' << t.raAttempts << ',' << t.raCollisions << ','
            << Num(t.cpuUtilisation) << '\n';
    }
    return out.str();
}

std::string
StormOutputWriter::EnergyCsv() const
{
    std::ostringstream out;
    out << "device,model,rat,state,time_s,energy_j\n";
    const auto& devices = m_scenario.GetDevices();
    for (const auto& e : m_scenario.GetEnergy())
    {
        out << e.device << ',' << devices[e.device].model << ',' << devices[e.device].rat << ','
            << e.state << ',' << Num(e.time) << ',' << Num(e.energy, 9) << '\n';
    }
    return out.str();
}

std::map<std::string, uint32_t>
StormOutputWriter::GetFailures() const
{
    std::map<std::string, uint32_t> failures;
    for (const auto& row : m_scenario.GetConnections())
    {
        if (row.runningAtEnd || row.record.outcome == HostFirmwareRecord::CLOSED_BY_HOST)
        {
            continue;
        }
        std::string key = HostFirmwareRecord::GetOutcomeName(row.record.outcome);
        if (row.record.errorCode >= 0)
        {
            key += ":" + std::to_string(row.record.errorCode);
        }
        ++failures[key];
    }
    for (const auto& [error, count] : m_scenario.GetServerFailures())
    {
        failures["server-handshake:" + error] += count;
    }
    if (m_scenario.GetRefusedCount() > 0)
    {
        failures["server-refused"] = m_scenario.GetRefusedCount();
    }
    return failures;
}

double
StormOutputWriter::GetTimeToFraction(double fraction) const
{
    const auto& o = m_scenario.GetOptions();
    std::vector<double> times;
    for (double t : m_scenario.GetReconnectTimes())
    {
        if (t >= 0)
        {
            times.push_back(t);
        }
    }
    std::sort(times.begin(), times.end());
    const auto need = static_cast<size_t>(std::ceil(fraction * o.devices - 1e-9));
    if (need == 0 || need > times.size())
    {
        return -1;
    }
    return times[need - 1] - (o.outageStart + o.outageDuration);
}

std::string
StormOutputWriter::GetSummaryJson() const
{
    const auto& o = m_scenario.GetOptions();
    uint32_t attempts = 0;
    uint32_t connections = 0;
    uint32_t full = 0;
    uint32_t resumed = 0;
    std::vector<double> fullTimes;
    std::vector<double> resumedTimes;
    double moduleCrypto = 0;
    for (const auto& row : m_scenario.GetConnections())
    {
        ++attempts;
        connections += row.record.connected >= 0 ? 1 : 0;
        moduleCrypto += row.moduleCrypto;
        if (row.serverCompleted)
        {
            (row.resumed ? resumed : full)++;
            (row.resumed ? resumedTimes : fullTimes).push_back(row.handshake);
        }
    }
    uint64_t raAttempts = 0;
    uint64_t raCollisions = 0;
    double peak = 0;
    uint32_t atOutage = 0;
    for (const auto& t : m_scenario.GetTimeline())
    {
        raAttempts += t.raAttempts;
        raCollisions += t.raCollisions;
        peak = std::max(peak, t.cpuUtilisation);
        if (t.second == static_cast<uint32_t>(std::floor(o.outageStart)))
        {
            atOutage = t.connected;
        }
    }
    uint32_t reconnected = 0;
    for (double t : m_scenario.GetReconnectTimes())
    {
        reconnected += t >= 0 ? 1 : 0;
    }
    double energy = 0;
    for (const auto& e : m_scenario.GetEnergy())
    {
        energy += e.energy;
    }
    std::ostringstream j;
    j << "{\n";
    j << "  \"devices\": " << o.devices << ",\n";
    j << "  \"connected_at_outage_start\": " << atOutage << ",\n";
    j << "  \"reconnected\": " << reconnected << ",\n";
    j << "  \"reconnected_fraction\": " << Num(double(reconnected) / o.devices) << ",\n";
    j << "  \"time_to_fraction_s\": {\"p50\": " << NumOrNull(GetTimeToFraction(0.5))
      << ", \"p95\": " << NumOrNull(GetTimeToFraction(0.95))
      << ", \"p99\": " << NumOrNull(GetTimeToFraction(0.99)) << "},\n";
    j << "  \"attempts\": " << attempts << ",\n";
    j << "  \"connections\": " << connections << ",\n";
    j << "  \"failures\": {";
    bool first = true;
    for (const auto& [key, count] : GetFailures())
    {
        j << (first ? "" : ", ") << Quote(key) << ": " << count;
        first = false;
    }
    j << "},\n";
    j << "  \"handshakes\": {\"full\": " << full << ", \"resumed\": " << resumed
      << ", \"full_median_s\": " << NumOrNull(Median(fullTimes))
      << ", \"resumed_median_s\": " << NumOrNull(Median(resumedTimes)) << "},\n";
    j << "  \"server_cpu_s\": " << Num(m_scenario.GetServerCpuSeconds()) << ",\n";
    j << "  \"server_handshake_cpu_s\": " << Num(m_scenario.GetServerHandshakeCpuSeconds())
      << ",\n";
    j << "  \"server_peak_utilisation\": " << Num(peak) << ",\n";
    j << "  \"server_idle_closed\": " << m_scenario.GetServerIdleClosedCount() << ",\n";
    j << "  \"module_crypto_s\": " << Num(moduleCrypto) << ",\n";
    j << "  \"random_access\": {\"attempts\": " << raAttempts
      << ", \"collisions\": " << raCollisions << "},\n";
    j << "  \"energy_j\": " << (m_scenario.GetEnergy().empty() ? std::string("null") : Num(energy))
      << ",\n";
    j << "  \"events\": " << m_scenario.GetEventCount() << ",\n";
    j << "  \"parameters\": {";
    first = true;
    for (const auto& [name, value] : o.GetParameters())
    {
        j << (first ? "\n" : ",\n") << "    " << Quote(name) << ": " << Quote(value);
        first = false;
    }
    j << "\n  }\n}\n";
    return j.str();
}

bool
StormOutputWriter::Write(const std::string& dir, std::string& error) const
{
    std::error_code made;
    std::filesystem::create_directories(dir, made);
    if (made)
    {
        error = "--out-dir: cannot create \"" + dir + "\": " + made.message();
        return false;
    }
    const std::filesystem::path d(dir);
    const auto& o = m_scenario.GetOptions();
    // CDF data for the handshake-duration plot.
    std::vector<double> fullTimes;
    std::vector<double> resumedTimes;
    for (const auto& row : m_scenario.GetConnections())
    {
        if (row.serverCompleted)
        {
            (row.resumed ? resumedTimes : fullTimes).push_back(row.handshake);
        }
    }
    auto cdf = [](std::vector<double> v)
    {
        std::sort(v.begin(), v.end());
        std::ostringstream out;
        out << "# handshake_s fraction\n";
        for (size_t i = 0; i < v.size(); ++i)
        {
            out << Num(v[i]) << ' ' << Num(double(i + 1) / v.size()) << '\n';
        }
        return out.str();
    };
    const double outageEnd = o.outageStart + o.outageDuration;
    std::ostringstream reconnected;
    reconnected << "reset\nset datafile separator whitespace\nset terminal pngcairo size "
                   "900,540\nset output 'reconnected.png'\n"
                << "set datafile separator ','\nset key autotitle columnhead bottom right\n"
                << "set title 'Reconnection storm: " << o.devices << " devices'\n"
                << "set xlabel 'simulated time (s)'\nset ylabel 'fraction of devices'\n"
                << "set yrange [0:1.05]\n"
                << "set object 1 rect from " << Num(o.outageStart, 3) << ",0 to "
                << Num(outageEnd, 3) << ",1.05 fc rgb '#dddddd' behind\n"
                << "plot 'timeline.csv' using 1:($2/" << o.devices
                << ") with lines lw 2 title 'connected', \\\n"
                << "     'timeline.csv' using 1:($3/" << o.devices
                << ") with lines lw 2 title 'reconnected since the outage ended', \\\n"
                << "     'timeline.csv' using 1:($4/" << o.devices
                << ") with lines title 'registered'\n";
    std::ostringstream handshake;
    handshake << "reset\nset datafile separator whitespace\nset terminal pngcairo size "
                 "900,540\nset output 'handshake-cdf.png'\n"
              << "set title 'Server handshake duration (admission to completion)'\n"
              << "set xlabel 'handshake duration (s)'\nset ylabel 'CDF'\nset yrange [0:1]\n"
              << "set key bottom right\n";
    std::vector<std::string> curves;
    if (!fullTimes.empty())
    {
        curves.push_back("'handshake-full.dat' using 1:2 with steps lw 2 title 'full (" +
                         std::to_string(fullTimes.size()) + ")'");
    }
    if (!resumedTimes.empty())
    {
        curves.push_back("'handshake-resumed.dat' using 1:2 with steps lw 2 title 'resumed (" +
                         std::to_string(resumedTimes.size()) + ")'");
    }
    if (curves.empty())
    {
        handshake << "set label 1 'no completed handshake' at graph 0.4,0.5\n"
                  << "plot [0:1] NaN notitle\n";
    }
    else
    {
        handshake << "plot " << curves[0] << (curves.size() > 1 ? ", \\\n     " + curves[1] : "")
                  << '\n';
    }
    std::ostringstream utilisation;
    utilisation << "reset\nset datafile separator whitespace\nset terminal pngcairo size "
                   "900,540\nset output 'server-utilisation.png'\n"
                << "set datafile separator ','\nset key autotitle columnhead top right\n"
                << "set title 'TLS server farm: " << o.GetServerNodeCount() << " machine(s) x "
                << o.serverCores << " core(s)'\n"
                << "set xlabel 'simulated time (s)'\nset ylabel 'CPU utilisation'\n"
                << "set yrange [0:1.05]\nset y2label 'handshakes in progress'\n"
                << "set y2tics\nset ytics nomirror\n"
                << "plot 'timeline.csv' using 1:12 with lines lw 2 title 'CPU utilisation', "
                   "\\\n     'timeline.csv' using 1:5 axes x1y2 with lines title "
                   "'handshakes in progress'\n";
    return WriteFile(d / "connections.csv", ConnectionsCsv(), error) &&
           WriteFile(d / "timeline.csv", TimelineCsv(), error) &&
           WriteFile(d / "energy.csv", EnergyCsv(), error) &&
           WriteFile(d / "summary.json", GetSummaryJson(), error) &&
           WriteFile(d / "handshake-full.dat", cdf(fullTimes), error) &&
           WriteFile(d / "handshake-resumed.dat", cdf(resumedTimes), error) &&
           WriteFile(d / "reconnected.plt", reconnected.str(), error) &&
           WriteFile(d / "handshake-cdf.plt", handshake.str(), error) &&
           WriteFile(d / "server-utilisation.plt", utilisation.str(), error);
}

bool
StormOutputWriter::RenderPlots(const std::string& dir, std::string& message) const
{
    const char* path = std::getenv("PATH");
    std::string gnuplot;
    std::istringstream dirs(path ? path : "");
    std::string entry;
    while (gnuplot.empty() && std::getline(dirs, entry, ':'))
    {
        const std::string candidate = (entry.empty() ? "." : entry) + "/gnuplot";
        if (access(candidate.c_str(), X_OK) == 0)
        {
            gnuplot = candidate;
        }
    }
    if (gnuplot.empty())
    {
        message = "gnuplot not found: the plot scripts (*.plt) are in " + dir +
                  "; install gnuplot and run `gnuplot reconnected.plt handshake-cdf.plt "
                  "server-utilisation.plt` there to render the PNGs";
        return false;
    }
    const std::string command = "cd " + ShellQuote(dir) + " && " + ShellQuote(gnuplot) +
                                " reconnected.plt handshake-cdf.plt server-utilisation.plt";
    if (std::system(command.c_str()) != 0)
    {
        message = "gnuplot failed on the scripts in " + dir + " (see its messages above)";
        return false;
    }
    message = "plots: " + dir + "/reconnected.png, handshake-cdf.png, server-utilisation.png";
    return true;
}

void
StormOutputWriter::PrintSummary(std::ostream& os) const
{
    const auto& o = m_scenario.GetOptions();
    uint32_t attempts = 0;
    uint32_t connections = 0;
    uint32_t resumed = 0;
    uint32_t full = 0;
    for (const auto& row : m_scenario.GetConnections())
    {
        ++attempts;
        connections += row.record.connected >= 0 ? 1 : 0;
        if (row.serverCompleted)
        {
            (row.resumed ? resumed : full)++;
        }
    }
    uint32_t reconnected = 0;
    for (double t : m_scenario.GetReconnectTimes())
    {
        reconnected += t >= 0 ? 1 : 0;
    }
    auto line = [&os](const std::string& name, const std::string& value)
    {
        char buf[160];
        std::snprintf(buf, sizeof(buf), "  %-40s %s\n", name.c_str(), value.c_str());
        os << buf;
    };
    auto secs = [](double v)
    {
        return v < 0 ? std::string("never") : Num(v, 1) + " s";
    };
    os << "Reconnection storm: " << o.devices << " devices (" << o.mix << "), " << o.cells
       << " cell(s) per RAT, outage " << Num(o.outageStart, 1) << "-"
       << Num(o.outageStart + o.outageDuration, 1) << " s of " << Num(o.duration, 1) << " s, seed "
       << o.seed << " run " << o.run << "\n";
    line("devices reconnected after the outage",
         std::to_string(reconnected) + " (" + Num(100.0 * reconnected / o.devices, 1) + " %)");
    line("time to 50 % reconnected", secs(GetTimeToFraction(0.5)));
    line("time to 95 % reconnected", secs(GetTimeToFraction(0.95)));
    line("time to 99 % reconnected", secs(GetTimeToFraction(0.99)));
    line("open attempts / successful opens",
         std::to_string(attempts) + " / " + std::to_string(connections));
    line("server handshakes full / resumed",
         std::to_string(full) + " / " + std::to_string(resumed));
    line("server CPU (" + std::to_string(o.GetServerNodeCount()) + " machine(s), all cores)",
         Num(m_scenario.GetServerCpuSeconds(), 3) + " core-s");
    for (const auto& [key, count] : GetFailures())
    {
        line("failures: " + key, std::to_string(count));
    }
    line("simulator events", std::to_string(m_scenario.GetEventCount()));
}

} // namespace lpwa
} // namespace ns3
