/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_CELLULAR_NETWORK_HELPER_H
#define LPWA_CELLULAR_NETWORK_HELPER_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class RadioCellNetDevice;
class RadioUeNetDevice;

/**
 * \brief Builds the radio access network: a gateway node (the eNB and core network in one
 *        router), one RadioCellNetDevice per Install() call, a RadioUeNetDevice on every
 *        device node, point-to-point core links to server nodes, IPv4 addresses and static
 *        routes.
 *
 * Addressing: cell i gets the subnet `CellNetwork` + i * 2^(32 - prefix) with prefix
 * `CellPrefixLength` (default 100.64.0.0/15, 131 070 addresses per cell); the cell's own
 * address is host 1 and devices get hosts 2, 3, ... Server k sits on the k-th /30 of
 * 172.16.0.0/16 (gateway 172.16.0.0 + 4k + 1, server + 2: 172.16.0.2, 172.16.0.6, ...). The
 * gateway routes with IndexedIpv4Routing. Device nodes without an IPv4 stack get one (static
 * routing only, no IPv6); their default route points at the cell.
 *
 * Every device attaches by itself at a time drawn from the attach-start variable (default 0)
 * unless SetAutoAttach(false). That time is the device's power-on: GetAttachStart() keeps it,
 * so that a scenario can start the device's host then too (a host started earlier whose driver
 * switches the radio on, as zephyr's AT+CFUN=1 does, attaches the device at once;
 * StormScenario starts each HostFirmware at its device's attach start).
 */
class CellularNetworkHelper
{
  public:
    CellularNetworkHelper();

    /**
     * \brief Set the technology of the cells installed next.
     * \param name "Cat-NB1", "Cat-NB2", "Cat-M1", "Cat-M1-FD" or "Cat-1" (NS_FATAL_ERROR
     *        otherwise)
     */
    void SetTechnology(const std::string& name);
    /**
     * \brief Set an attribute of the cells installed next.
     * \param name the attribute name
     * \param value its value
     */
    void SetCellAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Set the network preset of the cells installed from now on (NetworkPreset;
     *        NS_FATAL_ERROR on an unknown name).
     * \param name the preset's name
     */
    void SetNetworkPreset(const std::string& name);
    /**
     * \brief Set an attribute of the devices installed next (e.g. Mcl, CoverageClass).
     * \param name the attribute name
     * \param value its value
     */
    void SetDeviceAttribute(const std::string& name, const AttributeValue& value);
    /**
     * \brief Draw each device's MCL (dB) from a distribution instead of the Mcl attribute.
     * \param mcl the distribution; null to go back to the attribute
     */
    void SetMclDistribution(Ptr<RandomVariableStream> mcl);
    /**
     * \brief Draw each device's attach start time (seconds after Install()'s simulated time).
     * \param start the distribution
     */
    void SetAttachStart(Ptr<RandomVariableStream> start);
    /**
     * \brief Attach automatically or leave it to Attach() (e.g. from the AT layer).
     * \param enabled true to attach automatically (default)
     */
    void SetAutoAttach(bool enabled);
    /**
     * \brief Configure the core links (before the first Install()).
     * \param rate data rate of each gateway-server link
     * \param delay one-way delay of each link
     */
    void SetCoreLink(DataRate rate, Time delay);
    /**
     * \brief Set the number of server nodes (before the first Install()).
     * \param count 1..16384
     */
    void SetServerCount(uint32_t count);
    /**
     * \brief Set the cells' address plan (before the first Install()).
     * \param network first cell's network address
     * \param prefixLength prefix length, 8..30
     */
    void SetCellNetwork(Ipv4Address network, uint8_t prefixLength);

    /**
     * \brief Create a cell serving the given device nodes (and the gateway and servers on
     *        the first call).
     * \param devices the device nodes
     * \return their RadioUeNetDevices, in order
     */
    NetDeviceContainer Install(NodeContainer devices);

    /// \brief \return the gateway node (null before Install())
    Ptr<Node> GetGateway() const;
    /// \brief \return the number of server nodes created
    uint32_t GetServerCount() const;
    /**
     * \brief Get a server node.
     * \param i its index
     * \return the node
     */
    Ptr<Node> GetServer(uint32_t i) const;
    /**
     * \brief Get a server's address.
     * \param i its index
     * \return the address
     */
    Ipv4Address GetServerAddress(uint32_t i) const;
    /// \brief \return the number of cells
    uint32_t GetCellCount() const;
    /**
     * \brief Get a cell.
     * \param i its index
     * \return the cell
     */
    Ptr<RadioCellNetDevice> GetCell(uint32_t i) const;
    /// \brief \return the number of devices installed, over every Install() call
    uint32_t GetDeviceCount() const;
    /**
     * \brief Get the time a device attaches by itself: its power-on, drawn from the
     *        SetAttachStart() distribution during Install().
     * \param i the device's index in install order, over every Install() call
     * \return that time; with SetAutoAttach(false) nothing is drawn and it is 0
     */
    Time GetAttachStart(uint32_t i) const;

    /**
     * \brief Fix the random streams of the MCL and attach-start distributions (streams
     *        `stream` and `stream + 1`), then of the cells and devices installed so far. The
     *        distributions are drawn during Install(): call this before Install() too, with
     *        the same base, to fix those draws.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

  private:
    void CreateCore();

    ObjectFactory m_cellFactory;                  //!< cells
    ObjectFactory m_ueFactory;                    //!< devices
    Ptr<RandomVariableStream> m_mcl;              //!< optional MCL distribution
    Ptr<RandomVariableStream> m_attachStart;      //!< attach start, seconds
    bool m_autoAttach{true};                      //!< attach automatically
    DataRate m_coreRate;                          //!< core link rate
    Time m_coreDelay;                             //!< core link delay
    uint32_t m_serverCount{1};                    //!< servers to create
    Ipv4Address m_cellNetwork;                    //!< first cell network
    uint8_t m_prefix{15};                         //!< cell prefix length
    Ptr<Node> m_gateway;                          //!< gateway
    NodeContainer m_servers;                      //!< servers
    std::vector<Ipv4Address> m_serverAddress;     //!< server addresses
    std::vector<Ptr<RadioCellNetDevice>> m_cells; //!< cells
    std::vector<Ptr<RadioUeNetDevice>> m_devices; //!< every device installed
    std::vector<Time> m_attachStarts;             //!< their attach starts (0: no auto attach)
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_CELLULAR_NETWORK_HELPER_H
