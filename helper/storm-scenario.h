/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_STORM_SCENARIO_H
#define LPWA_STORM_SCENARIO_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/device-energy-model-container.h"
#include "ns3/host-firmware-record.h"
#include "ns3/host-firmware.h"
#include "ns3/lpwa-module.h"
#include "ns3/network-preset.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/tls-error.h"
#include "ns3/tls-server.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace lpwa
{

class RadioCellNetDevice;
class RadioUeNetDevice;
class TestPkiHelper;

/**
 * \brief The reconnection storm (examples/reconnection-storm.cc): a fleet of modelled modules,
 *        each driven over its UART by a HostFirmware, connects over TLS to a load-balanced
 *        farm of TlsServer nodes through modelled cells; the cells fail at `outageStart`
 *        and return `outageDuration` later, and the fleet reconnects.
 *
 * Options() parses the command line (kebab-case options, every value checked, errors name the
 * option); Build() creates the network; Run() runs it to `duration` and records everything
 * the outputs need (StormOutputWriter writes them): one ConnectionRow per open attempt, one
 * TimelineRow per simulated second, one EnergyRow per device and energy state.
 *
 * Random streams (AssignStreams()): radio from 1000 (the MCL and attach-start draws fixed
 * before the first cell, cells and devices after the last), modules from 10^6 (1001 each:
 * module i from 10^6 + 1001 i), host firmware from 10^9, TLS server from 2*10^9 (farm node k
 * from 2*10^9 + 1026 k: TlsServer::AssignStreams() takes 2 + ConnectionStreams), the
 * coverage-class draws at 3*10^9. Build() stops with an error if a block would run into the
 * next. Everything
 * depends on the options only (seed and run included), never on the host clock or on how the
 * program was launched.
 */
class StormScenario
{
  public:
    /// Every option of the example, parsed and checked.
    struct Options
    {
        uint32_t devices{1000};                               //!< --devices
        std::string mix{"BG95-M3:0.7,ML307R:0.3"};            //!< --mix
        std::string rat{"auto"};                              //!< --rat: auto|ltem|nbiot|cat1
        std::string network{NetworkPreset::GetDefaultName()}; //!< --network: network preset
        std::string mcuSpeed{"nominal"};             //!< --mcu-speed: modules' crypto speed bracket
        double mclMean{130};                         //!< --mcl-mean, dB
        double mclSpread{6};                         //!< --mcl-spread, dB (standard deviation)
        std::string ceMix;                           //!< --ce-mix, e.g. 0:0.7,1:0.2,2:0.1
        uint32_t cells{10};                          //!< --cells (per RAT in use)
        uint32_t serverNodes{0};                     //!< --server-nodes (0: auto)
        uint32_t serverCores{2};                     //!< --server-cores (per machine)
        double rateLimit{500};                       //!< --rate-limit, new connections/s
        double serverIdleTimeout{0};                 //!< --server-idle-timeout, s (0: never)
        std::string cert{"rsa"};                     //!< --cert: rsa|ecdsa
        bool resumption{false};                      //!< --resumption
        std::string driver{"zephyr-bg9x,esp-ml307"}; //!< --driver (one per AT dialect)
        std::string retry{"decorrelated"};           //!< --retry
        double retryBase{10};                        //!< --retry-base, s
        double retryCap{300};                        //!< --retry-cap, s
        double attachSpread{30};                     //!< --attach-spread, s
        double messagePeriod{60};                    //!< --message-period, s
        uint32_t messageSize{64};                    //!< --message-size, bytes
        double outageStart{120};                     //!< --outage-start, s
        double outageDuration{60};                   //!< --outage-duration, s
        double duration{420};                        //!< --duration, s
        uint32_t seed{1};                            //!< --seed
        uint64_t run{1};                             //!< --run
        std::string outDir{"reconnection-storm-out"}; //!< --out-dir
        bool progress{true};                          //!< --progress

        std::vector<std::pair<std::string, double>> models; //!< parsed --mix
        std::vector<std::pair<uint32_t, double>> classes;   //!< parsed --ce-mix
        std::map<std::string, std::string> drivers;         //!< dialect -> driver

        /**
         * \brief The number of server nodes in use: --server-nodes, or with 0 (auto)
         *        ceil(devices / 1000).
         * \return the farm size, at least 1
         */
        uint32_t GetServerNodeCount() const;
        /**
         * \brief Every option as name -> canonical text (summary.json "parameters").
         * \return the values, sorted by name
         */
        std::vector<std::pair<std::string, std::string>> GetParameters() const;
    };

    /// One open attempt (a connections.csv row).
    struct ConnectionRow
    {
        uint32_t device{0};          //!< device index
        HostFirmwareRecord record;   //!< the host's record
        int32_t ceLevel{-1};         //!< the device's coverage class when the attempt ended
        bool runningAtEnd{false};    //!< still running when the simulation ended
        bool serverCompleted{false}; //!< a server handshake of this device completed in it
        bool resumed{false};         //!< that handshake resumed a session
        double handshake{-1};        //!< its server-side duration, s (-1: none)
        double queueWait{-1};        //!< its server queue wait, s (-1: none)
        double moduleCrypto{0};      //!< module MCU time during the attempt, s
    };

    /// Per-second counters (a timeline.csv row).
    struct TimelineRow
    {
        uint32_t second{0};       //!< end of the interval, simulated s
        uint32_t connected{0};    //!< hosts in CONNECTED at the end
        uint32_t reconnected{0};  //!< hosts connected since the outage ended (cumulative)
        uint32_t inProgress{0};   //!< server handshakes in progress at the end
        uint32_t completed{0};    //!< server handshakes completed in the interval
        uint32_t resumedCount{0}; //!< of which resumed
        uint32_t failed{0};       //!< server handshakes failed in the interval
        uint32_t refused{0};      //!< connections refused by the rate limit
        uint64_t raAttempts{0};   //!< random-access preamble attempts in the interval
        uint64_t raCollisions{0}; //!< of which collided
        uint32_t registered{0};   //!< devices registered (IDLE..CONNECTED) at the end
        double cpuUtilisation{0}; //!< server CPU busy fraction of all cores
    };

    /// Time and energy of one device in one energy state (an energy.csv row).
    struct EnergyRow
    {
        uint32_t device{0}; //!< device index
        std::string state;  //!< RadioEnergyModel state name
        double time{0};     //!< time in the state, s
        double energy{0};   //!< energy in the state, J
    };

    /// What is known of one device.
    struct DeviceInfo
    {
        std::string model;    //!< module profile
        std::string rat;      //!< technology name of its cell
        uint32_t cell{0};     //!< cell index
        std::string driver;   //!< host driver
        int32_t coverage{-1}; //!< coverage class at the end (-1: never attached)
        double mcl{0};        //!< its MCL, dB
        Time powerOn;         //!< power-on of module and host (the radio's attach start)
    };

    StormScenario();
    ~StormScenario();

    /**
     * \brief Parse command-line arguments (args[0] is the program name).
     * \param args the arguments
     * \param options the result
     * \param error the message naming the option on failure
     * \return true if every option is valid
     */
    static bool ParseArguments(const std::vector<std::string>& args,
                               Options& options,
                               std::string& error);
    /**
     * \brief Check and complete options set in code (parses mix, ce-mix, driver).
     * \param options the options
     * \param error the message naming the option on failure
     * \return true if valid
     */
    static bool Validate(Options& options, std::string& error);

    /**
     * \brief Build the network (NS_FATAL_ERROR if the options were not validated).
     * \param options validated options
     */
    void Build(const Options& options);
    /**
     * \brief Set a function called once per simulated second (for progress output).
     * \param tick called with the simulated second
     */
    void SetTick(std::function<void(uint32_t)> tick);
    /// \brief Run the simulation to the end (call Build() first), then Simulator::Destroy().
    void Run();

    /// \brief \return the options
    const Options& GetOptions() const;
    /// \brief \return one row per open attempt, in order of their end
    const std::vector<ConnectionRow>& GetConnections() const;
    /// \brief \return one row per simulated second
    const std::vector<TimelineRow>& GetTimeline() const;
    /// \brief \return per device and energy state (empty without an energy model)
    const std::vector<EnergyRow>& GetEnergy() const;
    /// \brief \return per device
    const std::vector<DeviceInfo>& GetDevices() const;
    /// \brief \return time of each host's first connection after the outage ended (-1: none)
    const std::vector<double>& GetReconnectTimes() const;
    /// \brief \return the server's handshake failures by TlsError name
    const std::map<std::string, uint32_t>& GetServerFailures() const;
    /// \brief \return connections refused by the rate limit
    uint32_t GetRefusedCount() const;
    /// \brief \return the server farm's busy core-seconds (all nodes)
    double GetServerCpuSeconds() const;
    /// \brief \return connections the servers closed for idleness (--server-idle-timeout)
    uint32_t GetServerIdleClosedCount() const;
    /// \brief \return the server farm's handshake CPU-seconds (failed ones included)
    double GetServerHandshakeCpuSeconds() const;
    /// \brief \return the server machine of each device (index into the farm)
    const std::vector<uint32_t>& GetServerOfDevice() const;
    /// \brief \return the server front-end node each device connects to (index into
    ///        CellularNetworkHelper's servers: machine * GetFrontEndCount() + front end)
    const std::vector<uint32_t>& GetFrontEndOfDevice() const;
    /**
     * \brief Network nodes per server machine: enough that none serves more than 50 devices
     *        (every node of a machine shares its TlsServer; see Build()).
     * \param devices the fleet size
     * \param machines server machines (--server-nodes)
     * \return front-end nodes per machine, at least 1
     */
    static uint32_t GetFrontEndCount(uint32_t devices, uint32_t machines);
    /// \brief \return the host firmware applications, in device order (between Build and Run)
    ApplicationContainer GetFirmware() const;
    /// \brief \return simulator events executed by Run()
    uint64_t GetEventCount() const;

  private:
    static void OnState(StormScenario* self,
                        uint32_t device,
                        HostFirmware::State from,
                        HostFirmware::State to);
    static void OnOpenStarted(StormScenario* self, uint32_t device, uint32_t attempt);
    static void OnRecord(StormScenario* self, uint32_t device, const HostFirmwareRecord& record);
    static void OnMcuJob(StormScenario* self, uint32_t device, Time work);
    void OnHandshakeStarted(const Address& peer);
    void OnHandshakeCompleted(const Address& peer, bool resumed, Time duration, Time queueWait);
    void OnHandshakeFailed(const Address& peer, TlsError error);
    void OnRefused(const Address& peer);
    void SetCellsAvailable(bool up);
    void Sample();
    int32_t DeviceOf(const Address& peer) const;

    /// A completed server handshake not yet matched to an attempt.
    struct ServerHandshake
    {
        double time;      //!< completion, s
        bool resumed;     //!< resumed
        double duration;  //!< server-side duration, s
        double queueWait; //!< queue wait, s
    };

    Options m_options;                                //!< options
    bool m_built{false};                              //!< Build() done
    std::unique_ptr<TestPkiHelper> m_pki;             //!< certificates
    NodeContainer m_nodes;                            //!< device nodes
    std::vector<Ptr<RadioUeNetDevice>> m_ues;         //!< radio devices
    std::vector<Ptr<RadioCellNetDevice>> m_cells;     //!< cells
    std::vector<Ptr<LpwaModule>> m_modules;           //!< modules
    ApplicationContainer m_firmware;                  //!< host firmware
    std::vector<Ptr<TlsServer>> m_servers;            //!< TLS servers, one per farm machine
    std::vector<uint32_t> m_serverOf;                 //!< device -> farm machine
    std::vector<uint32_t> m_frontEndOf;               //!< device -> server front-end node
    DeviceEnergyModelContainer m_energyModels;        //!< energy models
    std::map<uint32_t, uint32_t> m_addressToDevice;   //!< IPv4 -> device
    std::vector<DeviceInfo> m_devices;                //!< devices
    std::vector<double> m_mcuTotal;                   //!< module MCU work so far, s
    std::vector<double> m_mcuAtStart;                 //!< at the attempt's start
    std::vector<std::vector<ServerHandshake>> m_hs;   //!< unmatched handshakes
    std::vector<double> m_reconnect;                  //!< first connect after the outage
    std::vector<ConnectionRow> m_connections;         //!< rows
    std::vector<TimelineRow> m_timeline;              //!< rows
    std::vector<EnergyRow> m_energy;                  //!< rows
    std::map<std::string, uint32_t> m_serverFailures; //!< by error
    TimelineRow m_current;                            //!< interval being counted
    uint32_t m_connectedNow{0};                       //!< hosts in CONNECTED
    uint32_t m_reconnectedNow{0};                     //!< hosts reconnected
    int64_t m_inProgress{0};                          //!< server handshakes running
    uint32_t m_refused{0};                            //!< refused so far
    uint64_t m_raAttemptsSeen{0};                     //!< RA attempts at the last sample
    uint64_t m_raCollisionsSeen{0};                   //!< RA collisions at the last sample
    Time m_cpuSeen;                                   //!< server busy at the last sample
    uint32_t m_second{0};                             //!< samples taken
    double m_serverCpu{0};                            //!< busy core-seconds at the end
    uint32_t m_serverIdleClosed{0};                   //!< idle closes at the end
    double m_serverHandshakeCpu{0};                   //!< handshake CPU at the end
    uint64_t m_events{0};                             //!< events executed
    std::function<void(uint32_t)> m_tick;             //!< progress hook
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_STORM_SCENARIO_H
