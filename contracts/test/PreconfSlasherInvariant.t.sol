// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BaseTest} from "./Base.sol";
import {Vm} from "./Vm.sol";
import {PreconfSlasher} from "../src/PreconfSlasher.sol";
import {Registry} from "../src/Registry.sol";

/// @notice Random challengers open, defend and slash the fixture's promises at random times.
/// It records every slash per promise and every honest defence that failed.
contract SlasherHandler {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    PreconfSlasher internal immutable slasher;
    uint256 internal immutable bond;

    PreconfSlasher.InclusionCommitment[] internal promises;
    bytes[] internal sigs;
    bytes internal header;
    bytes[] internal txProof;
    uint256 internal txIndex;

    mapping(bytes32 => uint256) public slashes;
    uint256 public maxSlashes;
    uint256 public honestDefenceFailures;
    uint256 public paidIn; // bonds
    uint256 public slashedTotal;

    address internal immutable deployer;

    constructor(PreconfSlasher s, uint256 bond_) {
        slasher = s;
        bond = bond_;
        deployer = msg.sender;
    }

    /// Set-up only: the fuzzer's calls to it revert.
    function add(PreconfSlasher.InclusionCommitment memory c, bytes memory sig) external {
        require(msg.sender == deployer, "set-up only");
        promises.push(c);
        sigs.push(sig);
    }

    function setDefence(bytes memory header_, uint256 txIndex_, bytes[] memory proof) external {
        require(msg.sender == deployer, "set-up only");
        header = header_;
        txIndex = txIndex_;
        for (uint256 i = 0; i < proof.length; i++) {
            txProof.push(proof[i]);
        }
    }

    /// Moves time forward by up to a day.
    function wait(uint32 secs) external {
        vm.warp(block.timestamp + secs % 1 days);
    }

    function open(uint256 which) external {
        uint256 i = which % promises.length;
        vm.deal(address(this), bond);
        try slasher.openChallenge{value: bond}(promises[i], sigs[i]) {
            paidIn += bond;
        } catch {}
    }

    /// The honest operator of promise 0 (its tx is in the slot's block) defends whenever a
    /// challenge is open and the window has not passed; that must never fail.
    function defendHonestly() external {
        PreconfSlasher.InclusionCommitment memory c = promises[0];
        (, uint64 openedAt, PreconfSlasher.Status status,,,) = slasher.challenges(slasher.digest(c));
        if (status != PreconfSlasher.Status.Open || block.timestamp > openedAt + slasher.defenceWindow()) return;
        try slasher.defendL1(c, header, txIndex, txProof) {}
        catch {
            honestDefenceFailures++;
        }
    }

    /// Tries the honest block's proof for another promise: it must not defend it.
    function defendDishonestly(uint256 which) external {
        uint256 i = 1 + which % (promises.length - 1);
        try slasher.defendL1(promises[i], header, txIndex, txProof) {
            honestDefenceFailures += 1000; // a broken promise escaped
        } catch {}
    }

    function slash(uint256 which) external {
        uint256 i = which % promises.length;
        bytes32 d = slasher.digest(promises[i]);
        (,,,,, uint256 locked) = slasher.challenges(d);
        try slasher.slash(promises[i]) {
            slashes[d]++;
            slashedTotal += locked;
            if (slashes[d] > maxSlashes) maxSlashes = slashes[d];
        } catch {}
    }

    receive() external payable {}
}

contract PreconfSlasherInvariantTest is BaseTest {
    SlasherHandler internal handler;

    function setUp() public override {
        super.setUp();
        handler = new SlasherHandler(slasher, BOND);
        string[3] memory keys = [".included", ".missing", ".void"];
        for (uint256 i = 0; i < keys.length; i++) {
            (PreconfSlasher.InclusionCommitment memory c, bytes memory sig) = loadPromise(keys[i]);
            handler.add(c, sig);
        }
        // Two more broken promises for the same slot, signed like the sidecar would.
        (PreconfSlasher.InclusionCommitment memory m,) = loadPromise(".missing");
        for (uint64 s = 1; s <= 2; s++) {
            m.seq = 10 + s;
            m.slot = slot + s; // slot+1, slot+2: missed slots, liveness faults
            handler.add(m, signed(m));
        }
        handler.setDefence(
            vm.parseJsonBytes(fx, ".header"), vm.parseJsonUint(fx, ".txIndex"), vm.parseJsonBytesArray(fx, ".txProof")
        );
        warpToChallenge(slot);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    /// No promise is slashed twice.
    function invariant_slashedAtMostOnce() public view {
        require(handler.maxSlashes() <= 1, "a promise was slashed twice");
    }

    /// The operator who included the tx can always defend, and its proof defends nothing else.
    function invariant_honestOperatorCanDefend() public view {
        assertEq(handler.honestDefenceFailures(), 0, "honest defence failures");
    }

    /// Every wei is accounted for: registry deposits, and what the slasher holds.
    function invariant_collateralConserved() public view {
        assertEq(
            registry.totalDeposited(),
            address(registry).balance + registry.totalSlashed() + registry.totalWithdrawn(),
            "registry"
        );
        assertEq(registry.totalSlashed(), handler.slashedTotal(), "slashed = sum of slashed locks");
        (, uint256 collateral, uint256 locked,) = registry.operatorOfCommitter(committer);
        require(locked <= collateral, "locked above collateral");
    }
}
