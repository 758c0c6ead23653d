// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./Vm.sol";
import {Registry} from "../src/Registry.sol";
import {RollupInbox} from "../src/RollupInbox.sol";
import {PreconfSlasher} from "../src/PreconfSlasher.sol";

/// @notice Deploys the three contracts as the Go fixture generator expects (nonces 1, 2, 3 of
/// the test contract, chain id 1337) and loads contracts/test/fixtures/l1.json, a block of a
/// simulated go-ethereum chain with its proofs and promises signed in Go.
///
/// The EIP-2935 history and EIP-4788 beacon roots contracts are installed with their real
/// runtime code (taken from go-ethereum into the fixture) and their storage is written as the
/// protocol's system calls write it: the block hash of block n at slot n % 8191 of the history
/// contract, and the timestamp t and beacon root at slots t % 8191 and t % 8191 + 8191 of the
/// beacon roots contract. Nothing else about them is faked.
abstract contract BaseTest is TestBase {
    uint256 internal constant COMMITTER_KEY = 0x8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a;
    uint256 internal constant SLOT_SECONDS = 12;
    uint256 internal constant FINALITY = 768;
    uint256 internal constant CHALLENGE_WINDOW = 43_200;
    uint256 internal constant DEFENCE_WINDOW = 43_200;
    uint256 internal constant BOND = 1 ether;

    string internal fx;
    Registry internal registry;
    RollupInbox internal inbox;
    PreconfSlasher internal slasher;
    address internal owner;
    address internal committer;
    address internal challenger = address(0xc4a11);
    uint64 internal slot;
    uint256 internal blockTime;

    function setUp() public virtual {
        fx = vm.readFile("contracts/test/fixtures/l1.json");
        vm.chainId(vm.parseJsonUint(fx, ".chainId"));
        slot = uint64(vm.parseJsonUint(fx, ".slot"));
        blockTime = vm.parseJsonUint(fx, ".timestamp");
        owner = vm.parseJsonAddress(fx, ".owner");
        committer = vm.parseJsonAddress(fx, ".committer");
        uint256 genesis = vm.parseJsonUint(fx, ".genesisTime");

        registry = new Registry(1 ether, 2 days);
        inbox = new RollupInbox(genesis, SLOT_SECONDS);
        slasher = new PreconfSlasher(
            registry,
            inbox,
            PreconfSlasher.Config({
                genesisTime: genesis,
                secondsPerSlot: SLOT_SECONDS,
                finalityDelay: FINALITY,
                challengeWindow: CHALLENGE_WINDOW,
                defenceWindow: DEFENCE_WINDOW,
                notice: 768,
                bond: BOND,
                rewardBps: 1000,
                livenessBps: 2000
            })
        );
        assertEq(address(registry), vm.parseJsonAddress(fx, ".registry"), "registry address differs from the fixture's");
        assertEq(address(slasher), vm.parseJsonAddress(fx, ".slasher"), "slasher address differs from the fixture's");
        registry.setSlasher(address(slasher));

        // System contracts, with storage as the chain's system calls leave it.
        address history = slasher.HISTORY();
        address beaconRoots = slasher.BEACON_ROOTS();
        vm.etch(history, vm.parseJsonBytes(fx, ".historyCode"));
        vm.etch(beaconRoots, vm.parseJsonBytes(fx, ".beaconRootsCode"));
        uint256 number = vm.parseJsonUint(fx, ".blockNumber");
        vm.store(history, bytes32(number % 8191), vm.parseJsonBytes32(fx, ".blockHash"));
        vm.store(beaconRoots, bytes32(blockTime % 8191), bytes32(blockTime));
        vm.store(beaconRoots, bytes32(blockTime % 8191 + 8191), vm.parseJsonBytes32(fx, ".beaconRoot"));
        vm.roll(number + 1000); // beyond BLOCKHASH's 256 blocks: the history contract answers
        vm.warp(blockTime + 1);

        vm.deal(owner, 100 ether);
        vm.deal(challenger, 100 ether);
        registerOperator(2 ether);
    }

    function registerOperator(uint256 collateral) internal {
        bytes[] memory pks = new bytes[](1);
        bytes[] memory pops = new bytes[](1);
        pks[0] = vm.parseJsonBytes(fx, ".pops[0].pubkey");
        pops[0] = vm.parseJsonBytes(fx, ".pops[0].pop");
        vm.prank(owner);
        registry.register{value: collateral}(committer, pks, pops);
    }

    function loadPromise(string memory key) internal view returns (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) {
        c = PreconfSlasher.InclusionCommitment({
            slot: uint64(vm.parseJsonUint(fx, string.concat(key, ".slot"))),
            chainId: vm.parseJsonUint(fx, string.concat(key, ".chainId")),
            txHash: vm.parseJsonBytes32(fx, string.concat(key, ".txHash")),
            sender: vm.parseJsonAddress(fx, string.concat(key, ".sender")),
            nonce: uint64(vm.parseJsonUint(fx, string.concat(key, ".nonce"))),
            committer: vm.parseJsonAddress(fx, string.concat(key, ".committer")),
            seq: uint64(vm.parseJsonUint(fx, string.concat(key, ".seq"))),
            penalty: vm.parseJsonUint(fx, string.concat(key, ".penalty"))
        });
        sig = vm.parseJsonBytes(fx, string.concat(key, ".signature"));
    }

    /// @dev Signs c with the test committer key, as the sidecar would.
    function signed(PreconfSlasher.InclusionCommitment memory c) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(COMMITTER_KEY, slasher.digest(c));
        return abi.encodePacked(r, s, v);
    }

    function open(PreconfSlasher.InclusionCommitment memory c, bytes memory sig) internal returns (bytes32) {
        vm.prank(challenger);
        return slasher.openChallenge{value: BOND}(c, sig);
    }

    function warpToChallenge(uint64 s) internal {
        vm.warp(slasher.slotTime(s) + FINALITY);
    }
}
